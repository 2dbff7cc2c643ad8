/// Flattens any byte collection into one contiguous buffer for a C call, without copying when the collection
/// is already contiguous (`[UInt8]`, `ArraySlice<UInt8>`, `Data`). The buffer's base address is never `nil`,
/// even for an empty collection, so C functions always get a valid pointer.
@inline(__always)
func withContiguousBytes<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let result = bytes.withContiguousStorageIfAvailable({ withNonNilBase(UnsafeRawBufferPointer($0), body) }) {
        return result
    }
    return Array(bytes).withUnsafeBytes { withNonNilBase($0, body) }
}

@inline(__always)
private func withNonNilBase<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if buffer.baseAddress != nil { return body(buffer) }
    var placeholder: UInt8 = 0
    return withUnsafeBytes(of: &placeholder) { body(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
}
