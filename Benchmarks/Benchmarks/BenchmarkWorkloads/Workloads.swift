#if canImport(Glibc)
import Glibc
#endif
public import WaferDatalog

/// The Datalog workloads measured by the benchmarks, written as Datalog text. Shared by DatalogBenchmarks and
/// WaferProfile; `Benchmarks/peers/biscuit_rust.py` writes the same text, and `peers/run.sh` checks it is identical.
public enum Workloads {
    /// `edge(0,1) … edge(n-1,n)` and the right-recursive transitive closure: n(n+1)/2 `path` facts.
    public static func transitiveClosure(edges: Int) -> String {
        var text = ""
        for index in 0..<edges { text += "edge(\(index), \(index + 1));\n" }
        text += "path($a, $b) <- edge($a, $b);\n"
        text += "path($a, $c) <- edge($a, $b), path($b, $c);\n"
        text += "allow if path(0, \(edges));\n"
        return text
    }

    /// Limits large enough for the biggest closure (1,000 edges: 500,500 facts in 1,000 iterations).
    public static let generousLimits = RunLimits(maxFacts: 2_000_000, maxIterations: 5_000, maxTime: .seconds(120))

    /// A 3-way join over `count` facts: three relations of `count / 3` facts that close into triangles.
    public static func threeWayJoin(facts count: Int) -> String {
        let size = count / 3
        var text = ""
        for index in 0..<size {
            text += "r(\(index), \(index + size));\n"
            text += "s(\(index + size), \(index + 2 * size));\n"
            text += "t(\(index + 2 * size), \(index));\n"
        }
        text += "triangle($x, $y, $z) <- r($x, $y), s($y, $z), t($z, $x);\n"
        text += "allow if triangle(0, \(size), \(2 * size));\n"
        return text
    }

    /// A typical service authorizer: 20 facts, 3 rules, 5 checks, 2 policies (what a token and a request
    /// bring together).
    public static let typicalAuthorizer = """
        user("alice");
        team("alice", "engineering");
        resource("/projects/wafer/docs/readme.md");
        operation("read");
        time(2026-11-22T12:00:00Z);
        ip_address("10.1.2.3");
        right("alice", "/projects/wafer", "read");
        right("alice", "/projects/wafer", "write");
        right("engineering", "/projects/shared", "read");
        project("/projects/wafer", "wafer");
        project("/projects/shared", "shared");
        owner("bob", "/projects/wafer");
        member("engineering", "alice");
        member("engineering", "carol");
        expires(2026-12-31T00:00:00Z);
        service("docs");
        tenant("acme");
        tenant_of("alice", "acme");
        allowed_operations({"read", "write"});
        region("eu-west-1");
        can($user, $prefix, $op) <- right($user, $prefix, $op);
        can($user, $prefix, $op) <- member($team, $user), right($team, $prefix, $op);
        visible($user, $name) <- can($user, $prefix, "read"), project($prefix, $name);
        check if time($t), expires($e), $t < $e;
        check if operation($op), allowed_operations($ops), $ops.contains($op);
        check if user($u), tenant($t), tenant_of($u, $t);
        check if resource($r), $r.starts_with("/projects/");
        check if ip_address($ip), $ip.starts_with("10.");
        allow if user($u), resource($r), operation($op), can($u, $prefix, $op), $r.starts_with($prefix);
        deny if true;
        """

    /// 100 request paths checked against five regular expressions.
    public static let regexHeavy: String = {
        var text = ""
        for index in 0..<100 { text += "resource(\"/api/v\(index % 3 + 1)/users/user_\(index)/items/\(index * 7)\");\n" }
        text += """
            check all resource($r), $r.matches("^/api/v[0-9]+/");
            check all resource($r), $r.matches("/users/[a-z0-9_-]+/");
            check all resource($r), $r.matches("items/[0-9]{1,6}$");
            check all resource($r), !$r.matches("\\\\.\\\\.");
            check all resource($r), $r.matches("(?i)USER_[0-9]+");
            allow if true;
            """
        return text
    }()

    /// Every workload's text by name, as `Benchmarks/peers/biscuit_rust.py --dump-workloads` writes its copy.
    public static var byName: [(name: String, text: String)] {
        [
            ("tc100", transitiveClosure(edges: 100)), ("join", threeWayJoin(facts: 10_000)),
            ("typical", typicalAuthorizer), ("regex", regexHeavy), ("facts", facts(count: 1_600)),
            ("policy", policy(bytes: 100_000)),
        ]
    }

    /// With `WAFER_DUMP_WORKLOADS=DIR` in the environment, writes each workload to `DIR/<name>.dl` (run.sh then
    /// compares them with the peers' copy); returns a message saying what failed, or nil.
    public static func dumpIfRequested() -> String? {
        guard let directory = getenv("WAFER_DUMP_WORKLOADS").map({ String(cString: $0) }), !directory.isEmpty else {
            return nil
        }
        for (name, text) in byName {
            let path = "\(directory)/\(name).dl"
            guard let file = fopen(path, "w") else { return "cannot write \(path): \(String(cString: strerror(errno)))" }
            let bytes = Array(text.utf8)
            let written = fwrite(bytes, 1, bytes.count, file)
            guard fclose(file) == 0, written == bytes.count else { return "cannot write \(path)" }
        }
        return nil
    }

    /// `count` facts with strings, integers, dates and sets, as a token's authority block would carry them.
    public static func facts(count: Int) -> String {
        var text = ""
        for index in 0..<count {
            text += "right(\"user_\(index)\", \"/files/\(index).txt\", \(index), 2026-11-22T00:00:00Z, {\"read\", \"write\"});\n"
        }
        return text
    }

    /// A policy of about `bytes` bytes: rules and checks with expressions, repeated.
    public static func policy(bytes: Int) -> String {
        var text = ""
        var index = 0
        while text.utf8.count < bytes {
            text += """
                // rule \(index)
                can_\(index)($u, $r) <- user($u), resource($r), right($u, $r, $op), $op == "read" || $op == "write";
                check if time($t), $t < 2030-01-01T00:00:00Z, resource($r), $r.starts_with("/files/\(index)/");
                check all operation($op), ["read", "write"].contains($op), $op.length() > 2;

                """
            index += 1
        }
        return text
    }
}
