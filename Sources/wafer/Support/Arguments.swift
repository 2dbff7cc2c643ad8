public import ArgumentParser
import Wafer

extension SignatureAlgorithm: ExpressibleByArgument {}

/// How a key is written out.
enum KeyFormat: String, CaseIterable, ExpressibleByArgument {
    /// `ed25519-private/<hex>`, `ed25519/<hex>`: the Biscuit ecosystem's text forms.
    case text
    /// PKCS#8 and SubjectPublicKeyInfo PEM, as OpenSSL writes them.
    case pem
}
