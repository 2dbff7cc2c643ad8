import Testing
import WaferDatalog

@Suite("Queries over the finished world")
struct QueryTests {
    static let blocks = ["right(\"file1\", \"read\"); right(\"file2\", \"write\");", "right(\"file3\", \"read\");"]

    @Test("By default a query trusts the authority block and the authorizer")
    func defaultTrust() throws {
        let world = try makeWorld(Self.blocks, authorizer: "right(\"file4\", \"read\");")
        let result = try world.query(try Rule(parsing: "readable($f) <- right($f, \"read\")"))
        #expect(result == [Fact("readable", [.string("file1")]), Fact("readable", [.string("file4")])])
    }

    @Test("A query's trusting clause, or explicit origins, choose what it sees")
    func explicitTrust() throws {
        let world = try makeWorld(Self.blocks, authorizer: "", trustedKeys: [keyA: [1]])
        let scoped = try world.query(try Rule(parsing: "readable($f) <- right($f, \"read\") trusting \(keyAText)"))
        #expect(scoped == [Fact("readable", [.string("file3")])])
        let everything = try world.query(
            try Rule(parsing: "readable($f) <- right($f, $op)"), trusting: OriginSet(blockIDs: [0, 1]))
        #expect(everything.map(\.description) == ["readable(\"file1\")", "readable(\"file2\")", "readable(\"file3\")"])
        let nothing = try world.query(try Rule(parsing: "readable($f) <- right($f, $op)"), trusting: OriginSet(blockIDs: []))
        #expect(nothing.isEmpty)
    }

    @Test("Queries return distinct facts, filtered by expressions, and leave the world unchanged")
    func distinctAndFiltered() throws {
        let world = try makeWorld(["n(1); n(2); n(3);"], authorizer: "n(1);")
        let result = try world.query(try Rule(parsing: "big(true) <- n($x), $x > 1"))
        #expect(result == [Fact("big", [.bool(true)])])
        let pairs = try world.query(try Rule(parsing: "pair($x, $y) <- n($x), n($y), $x < $y"))
        #expect(pairs.count == 3)
        #expect(world.factCount == 4)
        #expect(try world.query(try Rule(parsing: "none($x) <- n($x), $x > 5")).isEmpty)
    }

    @Test("Query errors: unsafe rules and evaluation errors")
    func errors() throws {
        let world = try makeWorld(["n(1);"])
        let unsafe = Rule(head: Predicate(name: "x", terms: [.variable("y")]), body: [Predicate(name: "n", terms: [.variable("x")])])
        #expect(errorCode { try world.query(unsafe) } == .unsafeRule)
        #expect(errorCode { try world.query(try Rule(parsing: "x($x) <- n($x), $x / 0 == 1")) } == .divideByZero)
    }
}
