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

    /// Reads a text file, or standard input when `path` is `-`.
    static func readText(_ path: String, what: String) throws(CLIFailure) -> String {
        if path == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw .fileProblem("cannot read \(what) '\(path)': no such file")
            }
            throw .fileProblem("cannot read \(what) '\(path)': \(isDirectory.boolValue ? "it is a directory" : "permission denied")")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a private key from a file (`-` for standard input) in text form or PEM.
    static func readSigningKey(_ path: String) throws(CLIFailure) -> SigningKey {
        let text = try readText(path, what: "key file")
        do {
            return try SigningKey(text: text)
        } catch {
            throw .invalidInput("key file '\(path)': \(error.message)")
        }
    }
}
