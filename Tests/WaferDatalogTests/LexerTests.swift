import Testing
@testable import WaferDatalog

@Suite("Lexer")
struct LexerTests {
    private func lex(_ text: String, limits: ParserLimits = .default) throws(DatalogError) -> LexedSource {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DatalogError) -> LexedSource in try Lexer.tokenize(buffer, limits: limits) }
        }
        return try result.get()
    }

    private func kinds(_ text: String) throws -> [TokenKind] {
        try lex(text).tokens.map(\.kind)
    }

    @Test func punctuationAndOperators() throws {
        #expect(
            try kinds("( ) [ ] { } , ; . : <- -> || && < > <= >= === !== == != ^ | & + - * / !") == [
                .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .semicolon,
                .dot, .colon, .ruleArrow, .closureArrow, .orOr, .andAnd, .less, .greater, .lessEqual,
                .greaterEqual, .strictEqual, .strictNotEqual, .equal, .notEqual, .caret, .pipe, .ampersand, .plus,
                .minus, .star, .slash, .bang, .endOfInput,
            ])
        // Maximal munch, and `<-` before a digit is `<` then `-`.
        #expect(try kinds("a<-1") == [.name, .less, .minus, .integer, .endOfInput])
        #expect(try kinds("a <- b") == [.name, .ruleArrow, .name, .endOfInput])
        #expect(try kinds("!====") == [.strictNotEqual, .equal, .endOfInput])
    }

    @Test func positionsCountLinesAndScalarColumns() throws {
        let source = try lex("right(\"é😁\", $x)\n  /* c\n */ check")
        let positions = source.tokens.map { [$0.line, $0.column] }
        #expect(positions == [[1, 1], [1, 6], [1, 7], [1, 11], [1, 13], [1, 15], [3, 5], [3, 10]])
        #expect(source.strings == ["é😁"])
    }

    @Test func comments() throws {
        #expect(try kinds("a // comment ( \n b /* x \n y */ c") == [.name, .name, .name, .endOfInput])
        #expect(try kinds("4/2") == [.integer, .slash, .integer, .endOfInput])
        #expect(throws: DatalogError.self) { try self.lex("a /* never closed") }
        do {
            _ = try lex("a\n  /* never closed")
        } catch {
            #expect(error.code == .unterminatedComment)
            #expect(error.location == at(2, 3))
        }
    }

    @Test func stringsAndEscapes() throws {
        let source = try lex(#""a\"b" "c\\d" "e\nf" "g\th" "i\rj" "" "# + "\"tab\traw\"")
        #expect(source.strings == ["a\"b", "c\\d", "e\nf", "g\th", "i\rj", "", "tab\traw"])
        do {
            _ = try lex(#"x("a\qb")"#)
            Issue.record("unknown escape accepted")
        } catch {
            #expect(error.code == .invalidString)
            #expect(error.location == at(1, 5))
            #expect(error.message == #"unknown escape sequence in a string: expected \", \\, \n, \t or \r"#)
        }
        do {
            _ = try lex("x(\"abc")
            Issue.record("unterminated string accepted")
        } catch {
            #expect(error.code == .invalidString)
            #expect(error.location == at(1, 3))
        }
    }

    @Test func invalidUTF8InStringIsRejected() throws {
        for bad: [UInt8] in [[0xC3], [0xFF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]] {
            let bytes = Array("f(\"a".utf8) + bad + Array("\")".utf8)
            do {
                _ = try Program(parsingUTF8: bytes)
                Issue.record("invalid UTF-8 \(bad) accepted")
            } catch {
                #expect(error.code == .invalidString)
                #expect(error.location == at(1, 5))
                #expect(error.message == "invalid UTF-8 in a string literal")
            }
        }
        #expect(try Program(parsingUTF8: Array("f(\"é\")".utf8)).facts == [Fact("f", [.string("é")])])
    }

    @Test func integers() throws {
        let source = try lex("0 42 9223372036854775807 9223372036854775808")
        #expect(source.tokens.prefix(4).map(\.value) == [0, 42, 9_223_372_036_854_775_807, 9_223_372_036_854_775_808])
        do {
            _ = try lex("f(1,\n  99999999999999999999)")
            Issue.record("overflow accepted")
        } catch {
            #expect(error.code == .integerOverflow)
            #expect(error.location == at(2, 3))
        }
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", UInt64(0)),
        ("2023-12-28T00:00:00Z", 1_703_721_600),
        ("2023-12-28T02:00:00+02:00", 1_703_721_600),
        ("2023-12-27T19:30:00-04:30", 1_703_721_600),
        ("2023-12-28t00:00:00z", 1_703_721_600),
        ("2023-12-28T00:00:00.999Z", 1_703_721_600),
        ("2020-02-29T12:00:00Z", 1_582_977_600),
        ("2016-12-31T23:59:60Z", 1_483_228_799),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("2019-12-04T09:46:41Z", 1_575_452_801),
    ])
    func dates(text: String, seconds: UInt64) throws {
        let source = try lex(text)
        #expect(source.tokens.map(\.kind) == [.date, .endOfInput])
        #expect(source.tokens[0].value == seconds)
    }

    @Test(arguments: [
        "2023-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2023-01-01T24:00:00Z", "2023-01-01T00:60:00Z",
        "2023-01-01T00:00:00", "2023-01-01T00:00:00+2:00", "2023-01-01T12:00:60Z", "1969-12-31T23:59:59Z",
        "2023-01-01T00:00:00.Z", "2023-01-01T00:00:00Zjunk", "2023-12-28T00:00:00Z.type()",
    ])
    func invalidDates(text: String) throws {
        do {
            _ = try lex("f(\(text))")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidDate)
            #expect(error.location == at(1, 3))
        }
    }

    @Test func bytesKeysWordsVariablesParameters() throws {
        let source = try lex("hex:00FFab ed25519/" + String(repeating: "ab", count: 32) + " ns::fact_123 $var_1 $0 {param} {,} 1st")
        #expect(source.tokens.map(\.kind) == [.bytes, .publicKey, .name, .variable, .variable, .parameter, .leftBrace, .comma, .rightBrace, .name, .endOfInput])
        #expect(source.byteStrings == [[0x00, 0xFF, 0xAB]])
        #expect(source.keys == [PublicKeyLiteral(algorithm: .ed25519, bytes: Array(repeating: 0xAB, count: 32))])
        let secp = try lex("secp256r1/02" + String(repeating: "01", count: 32))
        #expect(secp.keys.first?.algorithm == .secp256r1)
        #expect(secp.keys.first?.bytes.count == 33)
        for bad in ["hex:abc", "hex:zz", "hex:", "ed25519/abcd"] {
            do {
                _ = try lex("f(" + bad + ")")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.code == .invalidLiteral, "\(bad): \(error)")
                #expect(error.location == at(1, 3))
            }
        }
        do {
            _ = try lex("f($)")
            Issue.record("accepted a bare $")
        } catch {
            #expect(error.code == .unexpectedToken)
        }
    }

    @Test func unexpectedCharacters() throws {
        for (text, column) in [("f(1) @", 6), ("a = b", 3), ("f(é)", 3), ("f(#)", 3)] {
            do {
                _ = try lex(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .unexpectedToken, "\(text)")
                #expect(error.location == at(1, column), "\(text)")
            }
        }
    }

    @Test func literalSizeLimit() throws {
        let limits = ParserLimits(maxLiteralBytes: 8)
        #expect(try lex("\"12345678\"", limits: limits).strings == ["12345678"])
        #expect(throws: DatalogError.self) { try self.lex("\"123456789\"", limits: limits) }
        #expect(try lex("hex:0011223344556677", limits: limits).byteStrings.count == 1)
        do {
            _ = try lex("f(hex:001122334455667788)", limits: limits)
            Issue.record("long bytes accepted")
        } catch {
            #expect(error.code == .literalTooLarge)
            #expect(error.location == at(1, 3))
        }
    }
}
