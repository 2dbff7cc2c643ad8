import ArgumentParser
import Foundation
import Wafer

/// Reading and writing key files. Private keys are written with mode 0600 and never replace a file silently.
enum KeyFiles {
    /// Writes `contents` to a new file at `path` with mode 0600.
    ///
    /// Without `replacing`, an existing file is an error, so a key is never lost by accident. With it, the
    /// contents go to a temporary file beside the target, which is then renamed over it: a crash leaves either
    /// the old key or the new one, never half of one.
    static func writeSecret(_ contents: String, to path: String, replacing: Bool) throws(CLIFailure) {
        let fileManager = FileManager.default
        if !replacing && fileManager.fileExists(atPath: path) {
            throw .fileProblem("'\(path)' already exists; refusing to overwrite a key file (pass --force to replace it)")
        }
        // Split by hand: Foundation's `deletingLastPathComponent` traps on one-character paths (Swift 6.3).
        let (directory, name) = path.lastIndex(of: "/").map { (String(path[...$0]), String(path[path.index(after: $0)...])) }
            ?? ("", path)
        let temporary = "\(directory).\(name).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw .fileProblem("cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            unlink(temporary)
            throw .fileProblem("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        // rename replaces atomically; link refuses an existing target, so a file created meanwhile survives.
        let linked = replacing ? rename(temporary, path) : link(temporary, path)
        let linkError = errno
        if !(replacing && linked == 0) {
            unlink(temporary)
        }
        guard linked == 0 else {
            throw .fileProblem(linkError == EEXIST
                ? "'\(path)' already exists; refusing to overwrite a key file (pass --force to replace it)"
                : "cannot create '\(path)': \(String(cString: strerror(linkError)))")
        }
    }

    /// Reads a UTF-8 text file, or standard input when `path` is `-`.
    ///
    /// - Throws: Exit status 3 for a missing, unreadable or directory path; 2 for empty standard input or
    ///   bytes that are not UTF-8 (with the line and column of the first bad byte).
    static func readText(_ path: String, what: String) throws(CLIFailure) -> String {
        if path == "-" {
            return try decodeUTF8(readStandardInput(what: what), what: "the \(what) on standard input")
        }
        return try decodeUTF8(readFile(path, what: what), what: "\(what) '\(path)'")
    }

    /// Reads all of standard input; empty input is an error, as it is almost always a broken pipe upstream.
    static func readStandardInput(what: String) throws(CLIFailure) -> Data {
        let data: Data
        do {
            data = try readBounded(FileHandle.standardInput)
        } catch let error as CLIFailure {
            throw .invalidInput("the \(what) on standard input \(error.message)")
        } catch {
            throw .fileProblem("cannot read the \(what) from standard input: \(CLIFailure.reason(error))")
        }
        guard !data.isEmpty else {
            throw .invalidInput("standard input is empty; expected the \(what) there (pipe it in, or name a file instead of '-')")
        }
        return data
    }

    /// Reads a whole file, saying why when it cannot: missing, a directory, or not readable.
    static func readFile(_ path: String, what: String) throws(CLIFailure) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileProblem("cannot read \(what) '\(path)': no such file")
        }
        if isDirectory.boolValue {
            throw .fileProblem("cannot read \(what) '\(path)': it is a directory")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it cannot be opened" : "permission denied"
            throw .fileProblem("cannot read \(what) '\(path)': \(reason)")
        }
        defer { try? handle.close() }
        do {
            return try readBounded(handle)
        } catch let error as CLIFailure {
            throw .invalidInput("\(what) '\(path)' \(error.message)")
        } catch {
            throw .fileProblem("cannot read \(what) '\(path)': \(CLIFailure.reason(error))")
        }
    }

    /// The most bytes read from one file or from standard input: far more than any key, token or program
    /// needs, and little enough that `/dev/zero` or an endless pipe ends in an error, not in exhausted memory.
    static let maximumInputSize = 16 << 20

    /// Reads a handle to its end, failing past ``maximumInputSize`` bytes.
    private static func readBounded(_ handle: FileHandle) throws -> Data {
        var data = Data()
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            data.append(chunk)
            if data.count > maximumInputSize {
                throw CLIFailure.invalidInput("is larger than \(maximumInputSize >> 20) MiB, the most wafer reads")
            }
        }
        return data
    }

    /// Decodes UTF-8 text, naming the line and column of the first byte that is not UTF-8.
    static func decodeUTF8(_ data: Data, what: String) throws(CLIFailure) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var (line, column, offset) = (1, 1, 0)
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
            case .emptyInput, .error:
                break decoding
            }
        }
        throw .invalidInput(
            "\(what) is not UTF-8 text: invalid byte at line \(line), column \(column) (byte offset \(offset)); save it as UTF-8")
    }

    /// Refuses a secret key file that its group or other users may read, write or run, as ssh does with
    /// private keys: a secret that others can read is no longer secret. `-` (standard input) is not checked.
    ///
    /// - Parameters:
    ///   - path: The key file.
    ///   - permissions: The command's `--insecure-key-file` choice.
    /// - Throws: Exit status 3 with the file's mode and the `chmod` that fixes it.
    static func checkPermissions(of path: String, _ permissions: KeyFilePermissions) throws(CLIFailure) {
        guard path != "-", !permissions.insecureKeyFile else { return }
        var status = stat()
        // A missing file or a directory is reported by the read that follows.
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .fileProblem(
                "key file '\(path)' is accessible to its group or to other users (mode \(String(mode, radix: 8))); "
                    + "run 'chmod 600 \(path)', or pass --insecure-key-file to use it anyway")
        }
    }

    /// Reads a private key from a file (`-` for standard input) in text form or PEM.
    ///
    /// - Parameters:
    ///   - path: The key file.
    ///   - permissions: Whether a file readable by others is accepted (see ``checkPermissions(of:_:)``).
    static func readSigningKey(_ path: String, _ permissions: KeyFilePermissions) throws(CLIFailure) -> SigningKey {
        try checkPermissions(of: path, permissions)
        let text = try readText(path, what: "key file")
        do {
            return try SigningKey(text: text)
        } catch {
            throw .invalidInput("key file '\(path)': \(error.message)")
        }
    }
}

/// `--insecure-key-file`: the one way to use a secret key file that others may read.
struct KeyFilePermissions: ParsableArguments {
    @Flag(help: "Accept a secret key file that its group or other users may access (refused by default, as ssh does).")
    var insecureKeyFile = false
}

