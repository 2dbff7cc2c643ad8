extension World: CustomStringConvertible {
    /// The world as Datalog text: facts by origin, then rules and checks by block, then policies.
    ///
    /// Each section starts with a `// Facts:`-style comment and each group with `// origin: …`, so the text
    /// parses back as a program (without the origins).
    ///
    /// ```
    /// // Facts:
    /// // origin: {0}
    /// right("file1", "read");
    /// // origin: {authorizer}
    /// resource("file1");
    ///
    /// // Rules:
    /// // origin: 1
    /// right($0, "read") <- resource($0), owner($1, $0);
    ///
    /// // Checks:
    /// // origin: authorizer
    /// check if resource($0);
    ///
    /// // Policies:
    /// allow if true;
    /// ```
    public var description: String {
        var text = "// Facts:\n"
        for group in facts {
            text += "// origin: \(group.origin)\n"
            for fact in group.facts { text += "\(fact);\n" }
        }
        func section<Statement>(_ title: String, _ groups: [StatementGroup<Statement>]) {
            text += "\n// \(title):\n"
            for group in groups {
                text += "// origin: \(group.blockID.map(String.init) ?? "authorizer")\n"
                for statement in group.statements { text += "\(statement);\n" }
            }
        }
        section("Rules", rules)
        section("Checks", checks)
        text += "\n// Policies:\n"
        for policy in policies { text += "\(policy);\n" }
        return text
    }
}
