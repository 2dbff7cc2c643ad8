// The umbrella module: what a Swift service imports.
@_exported public import WaferBiscuit
@_exported public import WaferCrypto
@_exported public import WaferDatalog
@_exported public import WaferMacaroons

/// Facts about this build of Wafer.
public enum WaferInfo {
    /// Wafer's version, as `wafer --version` prints it.
    public static let version = "0.1.0"
}
