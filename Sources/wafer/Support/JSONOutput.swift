import Foundation

/// Prints a JSON object on one line with sorted keys: the `--json` output of every command.
func printJSON(_ object: [String: Any]) {
    // Every value the commands build is a string, number, Boolean, array, dictionary or null, which
    // JSONSerialization always accepts.
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
        print(String(decoding: data, as: UTF8.self))
    }
}
