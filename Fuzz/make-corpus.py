#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/<Target>/ from the vectors kept in the repository.

Run from the repository root: `python3 Fuzz/make-corpus.py`. It empties and refills each target's folder, so
the seeds always come from these sources:

- FuzzBiscuit: the biscuit-rust sample tokens (Tests/WaferBiscuitTests/Vectors/test*.bc).
- FuzzDatalogParser: the block code and authorizer code of the samples (samples.json), and a few statements
  written here that use the syntax the samples do not (escapes, maps, closures, parameters, comments).
- FuzzAuthorizer: each sample's authorizer code followed by its blocks' code: programs that evaluate.
- FuzzMacaroon: the libmacaroons .vtest macaroons (root then discharges, one a line), the pymacaroons
  serializations (base64 V1/V2 and JSON), the V2 binary bytes behind them, and go-macaroon's JSON encodings.
- FuzzThirdParty: the blocks of the sample tokens as third-party payloads, a request for each sample's last
  block, the sample's third-party block contents, and short Datalog texts for third-party blocks.
- FuzzKeys: the PEM files of Tests/WaferCryptoTests/Vectors/pem and key texts of both algorithms.
"""
import base64
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "Corpus"
BISCUIT = ROOT / "Tests" / "WaferBiscuitTests" / "Vectors"
MACAROONS = ROOT / "Tests" / "WaferMacaroonsTests" / "Vectors"
PEMS = ROOT / "Tests" / "WaferCryptoTests" / "Vectors" / "pem"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / name).write_bytes(data)


def reset(target):
    shutil.rmtree(CORPUS / target, ignore_errors=True)


# --- protobuf, just enough to take the sample tokens apart -------------------------------------------------
def varint(data, i):
    value, shift = 0, 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(data):
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 2:
            length, i = varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        else:
            raise ValueError("unsupported wire type")
        yield number, value


def encode_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field(number, value):
    return encode_varint(number << 3 | 2) + encode_varint(len(value)) + value


def signed_blocks(token):
    """The SignedBlock messages of a token, authority first."""
    return [value for number, value in fields(token) if number in (2, 3)]


samples = json.loads((BISCUIT / "samples.json").read_text())
tokens = sorted(BISCUIT.glob("test*.bc"))

# --- FuzzBiscuit ------------------------------------------------------------------------------------------
reset("FuzzBiscuit")
for path in tokens:
    write("FuzzBiscuit", path.name, path.read_bytes())

# --- FuzzDatalogParser and FuzzAuthorizer -------------------------------------------------------------------
reset("FuzzDatalogParser")
reset("FuzzAuthorizer")
codes = []
for case in samples["testcases"]:
    for block in case["token"]:
        if block["code"] not in codes:
            codes.append(block["code"])
    for validation in case["validations"].values():
        code = validation.get("authorizer_code")
        if code and code not in codes:
            codes.append(code)
extra = [
    'check if "a\\"b\\\\c".length() == 5, "\\u{1F600}" != "";',
    'f({"k": [1, {2, 3}], 4: null}); g(hex:00ff, true, -9223372036854775808);',
    'check if [1, 2].any($x -> $x > 1 && [3].all($y -> $y != $x));',
    'r($a) <- f($a), $a.matches("^a.*b$") trusting previous, authority; // a comment\n',
    'check if f({p}), g({key}) trusting {key};',
    'allow if 2020-01-01T00:00:00+02:00 < 2030-01-01T00:00:00Z; deny if 1 / 0 == 1; reject if (true || false);',
    'check if (1 + 2) * 3 === 9, (true === 1).try_or(false) == false, "abc".extern::ok(1);',
    '/* block */ trusting ed25519/acdd6d5b53bfee478bf689f8e012fe7988bf755e3d7c5152947abc149bc20189; f(1);',
]
for index, code in enumerate(codes + extra):
    write("FuzzDatalogParser", f"code{index:03}.datalog", code)
for index, case in enumerate(samples["testcases"]):
    for name, validation in sorted(case["validations"].items()):
        authorizer = validation.get("authorizer_code") or "allow if true;\n"
        program = authorizer + "".join(block["code"] for block in case["token"])
        write("FuzzAuthorizer", f"{pathlib.Path(case['filename']).stem}{'_' + name if name else ''}.datalog", program)
        break
for index, code in enumerate(extra):
    write("FuzzAuthorizer", f"extra{index:02}.datalog", code)

# --- FuzzMacaroon -----------------------------------------------------------------------------------------
reset("FuzzMacaroon")
for path in sorted((MACAROONS / "libmacaroons").glob("*.vtest")):
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    headers = ("version", "authorized", "unauthorized", "key", "exact", "general", "discharge")
    macaroons = [line for line in lines if not line.split(" ")[0] in headers]
    write("FuzzMacaroon", path.stem + ".txt", "\n".join(macaroons))
    first = macaroons[0]
    try:
        raw = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4))
        if raw[:1] == b"\x02":
            write("FuzzMacaroon", path.stem + ".v2", raw)
    except ValueError:
        pass
py = json.loads((MACAROONS / "pymacaroons_deterministic.json").read_text())
for case in py["cases"][:12]:
    if case.get("serialized_b64"):
        write("FuzzMacaroon", f"py_{case['name']}.b64", case["serialized_b64"])
    if case.get("serialized_json"):
        write("FuzzMacaroon", f"py_{case['name']}.json", case["serialized_json"])
go = json.loads((MACAROONS / "extracted_test_vectors.json").read_text())
go_texts = []


def collect(value):
    """The macaroon serializations in the go-macaroon/pymacaroons vector sets: JSON objects and base64 strings."""
    if isinstance(value, dict):
        for item in value.values():
            collect(item)
    elif isinstance(value, list):
        for item in value:
            collect(item)
    elif isinstance(value, str) and (value.startswith("{") or (len(value) > 40 and " " not in value)):
        go_texts.append(value)


for vector_set in go["sets"]:
    for key in ("encodings", "negative_json", "v1_b64url_strings", "v2_b64url_strings"):
        collect(vector_set.get(key))
for index, text in enumerate(dict.fromkeys(go_texts)):
    if index < 24:
        write("FuzzMacaroon", f"go_{index:02}.txt", text)

# --- FuzzThirdParty ---------------------------------------------------------------------------------------
reset("FuzzThirdParty")
for path in tokens:
    try:
        blocks = signed_blocks(path.read_bytes())
        last = dict(fields(blocks[-1]))
        write("FuzzThirdParty", path.stem + ".request", field(3, last[3]))
        for index, block in enumerate(blocks):
            parts = dict(fields(block))
            if 4 in parts:  # a third-party block: its contents as the third party sent them
                write("FuzzThirdParty", f"{path.stem}_{index}.contents", field(1, parts[1]) + field(2, parts[4]))
            if index < 3 and path.stem.split("_")[0] in ("test001", "test017", "test024", "test028", "test034", "test037"):
                write("FuzzThirdParty", f"{path.stem}_{index}.payload", parts[1])
    except (ValueError, IndexError, KeyError):
        continue  # tokens 003-006 are malformed on purpose
for index, code in enumerate([
    'group("admin");\ncheck if right("read");\n',
    'member("alice", "team"); check if time($t), $t < 2030-01-01T00:00:00Z;',
    'user($u) <- member($u, "team") trusting authority;',
]):
    write("FuzzThirdParty", f"code{index}.datalog", code)

# --- FuzzKeys ---------------------------------------------------------------------------------------------
reset("FuzzKeys")
for path in sorted(PEMS.glob("*.pem")):
    write("FuzzKeys", path.name, path.read_bytes())
seed = hashlib.sha256(b"wafer fuzz keys").hexdigest()
for name, text in {
    "ed25519.pub": "ed25519/" + samples["root_public_key"],
    "ed25519.priv": "ed25519-private/" + samples["root_private_key"],
    "secp256r1.priv": "secp256r1-private/" + seed,
    "secp256r1.pub": "secp256r1/03" + "1" * 64,
    "ed25519-spaces.priv": "  ed25519-private/" + seed + "\n",
}.items():
    write("FuzzKeys", name, text)
