import WaferDatalog

/// `SourceLocation` of WaferDatalog, named apart from Testing's (the module's `WaferDatalog` enum hides the
/// module name, so it cannot be qualified in files that import both).
typealias DatalogLocation = SourceLocation

/// A Datalog source location.
func at(_ line: Int, _ column: Int) -> DatalogLocation { DatalogLocation(line: line, column: column) }
