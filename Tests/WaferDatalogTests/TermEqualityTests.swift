import Testing
import WaferDatalog

@Suite("Term equality is byte-exact")
struct TermEqualityTests {
    /// "é" precomposed (U+00E9) and decomposed (e + U+0301): equal for Swift's `String ==`, different bytes.
    private let composed = "\u{E9}"
    private let decomposed = "e\u{301}"

    @Test("canonically equivalent strings are different terms, and hash apart in sets and dictionaries")
    func canonicalEquivalentsDiffer() {
        #expect(composed == decomposed)  // Swift's String equality: canonical equivalence
        #expect(Term.string(composed) != Term.string(decomposed))
        #expect(Set([Term.string(composed), .string(decomposed)]).count == 2)
        #expect(TermSet([.string(composed), .string(decomposed)]).count == 2)
        #expect(!TermSet([.string(composed)]).contains(.string(decomposed)))
        #expect(MapKey.string(composed) != MapKey.string(decomposed))
        #expect(TermMap([(.string(composed), .integer(1)), (.string(decomposed), .integer(2))]).count == 2)
        #expect(Term.array([.string(composed)]) != Term.array([.string(decomposed)]))
    }

    @Test("the engine keeps both facts and strict equality tells them apart")
    func engineSeesBytes() throws {
        let program = try Program(parsing: """
            name("\(composed)"); name("\(decomposed)");
            check if "\(composed)" !== "\(decomposed)";
            check if {"\(composed)"}.contains("\(decomposed)") == false;
            allow if true;
            """)
        let world = try World(blocks: [], authorizer: program)
        #expect(world.factCount == 2)
        #expect(try world.authorize() == .allowed(policyIndex: 0))
    }
}
