import Foundation

/// The site database's password, found the way libpq finds it: PGPASSWORD,
/// else the password file (PGPASSFILE, else ~/.pgpass) with lines
///
///     hostname:port:database:username:password
///
/// where `*` matches anything, `\:` and `\\` stand for `:` and `\`, lines
/// starting with `#` are comments, and the first matching line wins. A
/// socket in the default directory matches `localhost`, another socket
/// directory its path. A file that group or others can read is ignored, with
/// a warning on standard error, as libpq does.
public enum PasswordFile {
    public static func password(for address: SiteAddress, environment: [String: String]) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path: String
        if let file = environment["PGPASSFILE"], !file.isEmpty {
            path = file
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.pgpass"
        } else {
            return nil
        }
        guard let text = contents(of: path) else { return nil }
        let wanted = [address.passwordFileHost, String(address.port), address.database, address.user]
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard !line.hasPrefix("#"), let fields = fields(of: line) else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ field, value in field.anything || field.text == value }) {
                let password = fields[4].text
                return password.isEmpty ? nil : password
            }
        }
        return nil
    }

    /// The file's text, or nil (with libpq's warning) when it is missing,
    /// not a plain file or open to group or others.
    private static func contents(of path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        if attributes[.type] as? FileAttributeType != .typeRegular {
            warn("WARNING: password file \"\(path)\" is not a plain file")
            return nil
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            warn("WARNING: password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less")
            return nil
        }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private struct Field {
        var text = ""
        /// An unescaped `*` alone: matches anything.
        var anything = false
    }

    /// The five fields of a line (the password is the rest of the line), or
    /// nil when the line has fewer.
    private static func fields(of line: Substring) -> [Field]? {
        var fields = [Field()]
        var escaped = false, sawEscape = false
        for character in line {
            if escaped {
                fields[fields.count - 1].text.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                sawEscape = true
            } else if character == ":" && fields.count < 5 {
                fields[fields.count - 1].anything = fields[fields.count - 1].text == "*" && !sawEscape
                fields.append(Field())
                sawEscape = false
            } else {
                fields[fields.count - 1].text.append(character)
            }
        }
        return fields.count == 5 ? fields : nil
    }

    private static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
