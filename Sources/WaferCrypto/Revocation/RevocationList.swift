import Foundation
import Synchronization

/// The identifiers a service no longer accepts, read from a file and reloadable while the service runs.
///
/// A Biscuit block's revocation id is its signature; a macaroon's is its identifier. Revoking the id of a
/// token's authority block (or of a macaroon) refuses the token and every token attenuated from it; revoking
/// a later block's id refuses only the tokens that carry that block.
///
/// The file holds one id per line in hexadecimal (either case), as `wafer inspect` prints them. Blank lines
/// and text after `#` are ignored. A malformed line refuses the whole file, naming the line, so a typo never
/// silently un-revokes a token.
///
/// ```text
/// # leaked 2026-11-20, ticket 4411
/// 3ee1c0f4…  (a Biscuit block's revocation id)
/// 6b65792d31   (a macaroon's identifier, "key-1", in hex)
/// ```
///
/// A list is shared between the requests of a service: ``contains(_:)`` may run on any thread while
/// ``reload()`` replaces the ids at once (a check sees the old set or the new one, never a mix). A reload that
/// fails keeps the ids the list had.
public final class RevocationList: Sendable {
    /// The most ids a file may hold; a larger file is refused as a mistake.
    public static let maximumCount = 10_000_000

    /// The file the list was read from, or `nil` for a list made from ids.
    public let path: String?
    private let state: Mutex<State>

    private struct State {
        var ids: Set<[UInt8]>
        var modificationDate: Date?
    }

    /// Creates a list of the given ids, not backed by a file.
    ///
    /// - Parameter ids: The revoked ids (Biscuit revocation ids or macaroon identifiers), as bytes.
    public init(ids: some Sequence<[UInt8]>) {
        path = nil
        state = Mutex(State(ids: Set(ids), modificationDate: nil))
    }

    /// Reads a list from a file.
    ///
    /// - Parameter path: The file: one hex id per line, `#` comments.
    /// - Throws: ``CryptoError/Code/unreadableRevocationList`` when the file cannot be read,
    ///   ``CryptoError/Code/invalidRevocationList`` when a line is not hexadecimal (the line is named).
    public init(contentsOf path: String) throws(CryptoError) {
        let (ids, date) = try Self.read(path)
        self.path = path
        state = Mutex(State(ids: ids, modificationDate: date))
    }

    /// Parses the text of a list file.
    ///
    /// - Parameters:
    ///   - text: One hex id per line; blank lines and `#` comments are ignored.
    ///   - source: What the text is, for error messages (a file name).
    /// - Returns: The ids.
    /// - Throws: ``CryptoError/Code/invalidRevocationList`` naming the first bad line.
    public static func parse(_ text: String, source: String = "the revocation list") throws(CryptoError) -> Set<[UInt8]> {
        var ids = Set<[UInt8]>()
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            do {
                let id = try Hex.decode(content, what: "the id")
                guard !id.isEmpty else { continue }
                ids.insert(id)
            } catch {
                throw CryptoError(.invalidRevocationList, "\(source), line \(lineNumber): \(error.message); each line holds one revocation id in hexadecimal")
            }
            guard ids.count <= maximumCount else {
                throw CryptoError(.invalidRevocationList, "\(source) holds more than \(maximumCount) ids")
            }
        }
        return ids
    }

    /// Whether `id` is revoked.
    ///
    /// - Parameter id: A Biscuit block's revocation id or a macaroon's identifier.
    public func contains(_ id: some Collection<UInt8>) -> Bool {
        let key = Array(id)
        return state.withLock { $0.ids.contains(key) }
    }

    /// The first of `ids` that is revoked, with its position, or `nil` when none is.
    ///
    /// - Parameter ids: A token's revocation ids, authority first.
    public func firstRevoked(among ids: [[UInt8]]) -> (index: Int, id: [UInt8])? {
        state.withLock { state in
            ids.enumerated().first { state.ids.contains($0.element) }.map { ($0.offset, $0.element) }
        }
    }

    /// How many ids the list holds.
    public var count: Int { state.withLock { $0.ids.count } }

    /// Reads the file again and replaces the ids. On error the list keeps the ids it had.
    ///
    /// - Returns: The number of ids now in the list.
    /// - Throws: ``CryptoError/Code/unreadableRevocationList`` or ``CryptoError/Code/invalidRevocationList``
    ///   (the list is unchanged), or ``CryptoError/Code/unreadableRevocationList`` for a list made from ids.
    @discardableResult
    public func reload() throws(CryptoError) -> Int {
        guard let path else {
            throw CryptoError(.unreadableRevocationList, "this revocation list was made from ids, not read from a file: there is nothing to reload")
        }
        let (ids, date) = try Self.read(path)
        state.withLock { $0 = State(ids: ids, modificationDate: date) }
        return ids.count
    }

    /// Reloads the file when its modification date differs from the one last read: cheap enough to call on
    /// every request or from a timer.
    ///
    /// - Returns: Whether the list was reloaded.
    /// - Throws: The errors of ``reload()`` (the list is unchanged).
    @discardableResult
    public func reloadIfModified() throws(CryptoError) -> Bool {
        guard let path else { return false }
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
        guard date != state.withLock({ $0.modificationDate }) else { return false }
        try reload()
        return true
    }

    private static func read(_ path: String) throws(CryptoError) -> (Set<[UInt8]>, Date?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CryptoError(.unreadableRevocationList, "the revocation list \(path) does not exist")
        }
        guard !isDirectory.boolValue else {
            throw CryptoError(.unreadableRevocationList, "the revocation list \(path) is a directory; give the file of revoked ids")
        }
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CryptoError(.unreadableRevocationList, "the revocation list \(path) cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CryptoError(.invalidRevocationList, "the revocation list \(path) is not UTF-8 text")
        }
        return (try parse(text, source: path), date)
    }
}
