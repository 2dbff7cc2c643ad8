import Testing
import WaferDatalog

/// `edge(i, i+1)` for `i < count`, with the transitive closure rules.
func chainProgram(_ count: Int) -> String {
    var text = "path($a, $b) <- edge($a, $b); path($a, $c) <- edge($a, $b), path($b, $c);"
    for index in 0..<count { text += "edge(\(index), \(index + 1));" }
    return text
}

@Suite("Run limits: each fires with its own error")
struct LimitsTests {
    @Test("Defaults: 1,000 facts, 100 iterations, 100 ms")
    func defaults() {
        let limits = RunLimits()
        #expect(limits.maxFacts == 1000)
        #expect(limits.maxIterations == 100)
        #expect(limits.maxTime == .milliseconds(100))
    }

    @Test("tooManyFacts names the limit and its value")
    func tooManyFacts() throws {
        let limits = RunLimits(maxFacts: 100, maxIterations: 1000, maxTime: .seconds(60))
        #expect(errorCode { try makeWorld([chainProgram(20)], limits: limits) } == .tooManyFacts)
        let message = errorMessage { try makeWorld([chainProgram(20)], limits: limits) }
        #expect(message?.contains("100 facts") == true)
        #expect(message?.contains("maxFacts") == true)
        // 20 edges make 20 + 210 facts: enough room.
        let fits = try makeWorld([chainProgram(20)], limits: RunLimits(maxFacts: 231, maxIterations: 1000))
        #expect(fits.factCount == 230)
    }

    @Test("A world whose loaded facts exceed the limit but derive nothing is fine (biscuit-rust)")
    func factsWithoutDerivation() throws {
        var text = ""
        for index in 0..<50 { text += "f(\(index));" }
        let world = try makeWorld([text], limits: RunLimits(maxFacts: 10))
        #expect(world.factCount == 50)
    }

    @Test("tooManyIterations names the limit and its value")
    func tooManyIterations() throws {
        let limits = RunLimits(maxFacts: 100_000, maxIterations: 5, maxTime: .seconds(60))
        #expect(errorCode { try makeWorld([chainProgram(10)], limits: limits) } == .tooManyIterations)
        let message = errorMessage { try makeWorld([chainProgram(10)], limits: limits) }
        #expect(message?.contains("5 iterations") == true)
        // A chain of n edges needs n iterations that add facts.
        let world = try makeWorld([chainProgram(10)], limits: RunLimits(maxFacts: 100_000, maxIterations: 11))
        #expect(world.iterations == 10)
        #expect(errorCode { try makeWorld([chainProgram(10)], limits: RunLimits(maxFacts: 100_000, maxIterations: 10)) } == .tooManyIterations)
    }

    @Test("timeout names the limit, and fires inside one exploding join")
    func timeout() throws {
        var text = "p($a, $b, $c) <- q($a), q($b), q($c);"
        for index in 0..<1000 { text += "q(\(index));" }
        let limits = RunLimits(maxFacts: .max, maxIterations: 1000, maxTime: .milliseconds(30))
        #expect(errorCode { try makeWorld([text], limits: limits) } == .timeout)
        let message = errorMessage { try makeWorld([text], limits: limits) }
        #expect(message?.contains("maxTime") == true)
    }

    @Test("A join explosion over 1,000 facts stops at the fact limit, inside the iteration")
    func joinExplosion() throws {
        var text = "p($a, $b, $c) <- q($a), q($b), q($c);"
        for index in 0..<1000 { text += "q(\(index));" }
        // A generous clock: the fact limit must fire first (10⁹ matches would take minutes).
        let limits = RunLimits(maxFacts: 5000, maxIterations: 100, maxTime: .seconds(120))
        #expect(errorCode { try makeWorld([text], limits: limits) } == .tooManyFacts)
        #expect(errorCode { try makeWorld([text]) } == .tooManyFacts)
    }
}
