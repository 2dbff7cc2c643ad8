import WaferDatalog

// Foundation (needed for protobuf's `Data`) also declares `Predicate` and `Expression`, and the module name
// `WaferDatalog` is shadowed by its namespace enum; these aliases, declared in a file that imports only
// WaferDatalog, name the Datalog types unambiguously.

/// WaferDatalog's `Predicate`.
typealias DatalogPredicate = Predicate
/// WaferDatalog's `Expression`.
typealias DatalogExpression = Expression
