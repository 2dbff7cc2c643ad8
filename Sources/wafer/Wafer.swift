import ArgumentParser
import Wafer

@main
struct WaferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wafer",
        abstract: "Mint, attenuate, inspect, verify and authorize capability tokens, offline.",
        version: WaferInfo.version
    )
}
