import Mustache
import Operations

/// Renders the console's pages from `Templates` in the reader's language.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            // The templates are constants of this module; a test renders each one.
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        self.library = library
    }

    /// A whole page: `template` filled with `values`, inside the layout.
    func page(_ template: String, heading: String, values: [String: Any], frame: Frame) -> String {
        var context = values
        context["t"] = PageText.table(frame.language)
        context["csrf"] = frame.signedIn?.session.csrf ?? ""
        let body = library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "t": PageText.table(frame.language), "heading": heading, "body": body, "path": frame.path,
            "nav_\(frame.section)": true, "live": frame.live, "reportStyle": frame.reportStyle,
        ]
        if let signedIn = frame.signedIn {
            let role = signedIn.account.role
            layout["account"] = signedIn.account.name.text
            layout["csrf"] = signedIn.session.csrf
            layout["may_export"] = role.may(.export)
            layout["may_audit"] = role.may(.readAudit)
            layout["may_accounts"] = role.may(.manageAccounts)
        }
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    func errorPage(_ error: ConsoleError, language: Language) -> String {
        let text = PageText.table(language)
        var values: [String: Any] = ["message": text["e_\(error.status)"] ?? error.message]
        if case .badRequest(let detail) = error { values["detail"] = detail }
        return page("error", heading: text["error_title"] ?? "", values: values,
                    frame: Frame(language: language, signedIn: nil, path: "/", section: "none"))
    }

    /// What every page's layout needs besides its own values.
    struct Frame {
        let language: Language
        let signedIn: SignedIn?
        /// The page's path, for the language switch link.
        let path: String
        /// The menu entry marked current.
        let section: String
        var live = false
        var reportStyle = false
    }
}
