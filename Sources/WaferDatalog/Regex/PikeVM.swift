/// Simulates the NFA on all threads at once (Thompson's algorithm, as the Pike VM does without capture slots,
/// which `is_match` does not need). Each position costs O(*m*) for *m* instructions, so a search is O(*m* · *n*).
///
/// The lazy DFA builds its states with ``NFAThreads`` and falls back on ``search(_:_:from:threads:before:)``
/// when its cache thrashes.
enum PikeVM {
    /// Decodes the scalar at byte `index` of valid UTF-8 and returns it with its width in bytes.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, width: Int) {
        let lead = UInt32(text[index])
        if lead < 0x80 { return (lead, 1) }
        let width = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : 2)
        // Swift strings hold valid UTF-8; a truncated sequence cannot occur but must not trap.
        guard index + width <= text.count else { return (0xFFFD, text.count - index) }
        var value = lead & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
        for offset in 1..<width { value = value << 6 | (UInt32(text[index + offset]) & 0x3F) }
        return (value, width)
    }

    /// The class of the scalar at byte `index`, and the scalar's width in bytes.
    @inline(__always)
    static func classAt(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ program: RegexProgram) -> (Int, Int) {
        let lead = text[index]
        if lead < 0x80 { return (Int(program.asciiClasses[Int(lead)]), 1) }
        if lead < 0xE0 && index + 1 < text.count {
            let value = Int(lead & 0x1F) << 6 | Int(text[index + 1] & 0x3F)
            if value >= 0x80 { return (Int(program.twoByteClasses[value - 0x80]), 2) }
        }
        let (value, width) = decode(text, at: index)
        return (program.classOf(nonASCII: value), width)
    }

    /// Whether the pattern matches somewhere in `text` at or after byte `start`, resuming from the seeds in
    /// `threads` with the scalar before `start` described by `before`.
    static func search(
        _ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>, from start: Int,
        threads: inout NFAThreads, before initialBefore: UInt8
    ) -> Bool {
        let includeStart = !program.isAnchoredAtStart
        var before = initialBefore
        var index = start
        while index < text.count {
            let (classID, width) = classAt(text, index, program)
            let after = program.classContexts[classID]
            threads.beginClosure(program, includeStart: includeStart)
            threads.pushSeeds()
            if threads.computeClosure(program, before: before, after: after) { return true }
            threads.step(program, classID: classID)
            if !includeStart && threads.seedCount == 0 { return false }
            before = after
            index += width
        }
        threads.beginClosure(program, includeStart: includeStart)
        threads.pushSeeds()
        return threads.computeClosure(program, before: before, after: RegexProgram.Context.edge)
    }

    /// Whether the pattern matches anywhere in `text`, by NFA simulation alone.
    static func isMatch(_ program: RegexProgram, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var scratch = RegexScratch(instructionCount: program.count)
        return scratch.withThreads { threads in
            threads.setSeeds(program.isAnchoredAtStart ? [program.start] : [])
            return search(program, text, from: 0, threads: &threads, before: RegexProgram.Context.edge)
        }
    }
}
