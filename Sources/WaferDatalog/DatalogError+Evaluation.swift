extension DatalogError.Code {
    // MARK: Expression evaluation (each aborts the whole run, as biscuit-rust's `Execution(…)`)
    //
    // A closure parameter that shadows a bound variable raises `shadowedVariable`, declared with the parse
    // errors (the parser rejects it statically; the evaluator when the closure is applied).

    /// Checked integer arithmetic (`+`, `-`, `*`) overflowed the signed 64-bit range.
    public static let overflow = Self("overflow")
    /// An integer division by zero, or `Int64.min / -1` (whose quotient does not fit in 64 bits).
    public static let divideByZero = Self("divideByZero")
    /// An operator received operands of types it does not accept, or a rule, check or policy expression
    /// produced a value that is not a Boolean.
    public static let invalidType = Self("invalidType")
    /// The expression's operations do not leave exactly one value on the stack, or an operator found a
    /// closure where it needed a value.
    public static let invalidStack = Self("invalidStack")
    /// An expression read a variable that no body predicate bound.
    public static let unknownVariable = Self("unknownVariable")
    /// `.extern::name` names a function that the application did not register.
    public static let undefinedExtern = Self("undefinedExtern")
    /// An application-supplied extern function failed.
    public static let externEvaluationFailed = Self("externEvaluationFailed")

    // MARK: Run limits

    /// The world reached ``RunLimits/maxFacts`` facts.
    public static let tooManyFacts = Self("tooManyFacts")
    /// The world did not reach its fixpoint within ``RunLimits/maxIterations`` iterations.
    public static let tooManyIterations = Self("tooManyIterations")
    /// The run took longer than ``RunLimits/maxTime``.
    public static let timeout = Self("timeout")

    // MARK: Loading programs into a world

    /// More blocks than ``World/maxBlockCount``, or a block id outside `0..<World.maxBlockCount`.
    public static let tooManyBlocks = Self("tooManyBlocks")
    /// A rule, check or policy query with more body predicates than ``World/maxBodyPredicates``.
    public static let ruleTooLarge = Self("ruleTooLarge")
    /// Two blocks given to a world share an id.
    public static let duplicateBlockID = Self("duplicateBlockID")
}
