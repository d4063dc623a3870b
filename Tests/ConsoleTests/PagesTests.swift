@testable import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Operations
import Testing

/// The pages: each one in both languages, their forms, and escaping.
@Suite("Pages", .serialized)
struct PagesTests {
    static let pages = ["/", "/workers", "/workers/W042", "/levels", "/exports", "/audit", "/accounts", "/purge"]

    @Test func everyTemplateParses() {
        let pages = Pages()
        for name in Templates.all.keys { #expect(pages.library.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test func everyPageAnswersInDutchAndEnglish() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let login = try await browser.get("/login", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(String(buffer: login.body).contains("<html lang=\"en\">"))
            #expect(String(buffer: try await browser.get("/login").body).contains("<html lang=\"nl\">"), "Dutch by default")
            try await browser.logIn("ada.admin")
            for page in Self.pages {
                for (language, heading) in [("nl", "<html lang=\"nl\">"), ("en", "<html lang=\"en\">")] {
                    let separator = page.contains("?") ? "&" : "?"
                    let response = try await browser.get(page + separator + "lang=" + language)
                    #expect(response.status == .ok, "\(page) \(language)")
                    let html = String(buffer: response.body)
                    #expect(html.contains(heading), "\(page) \(language)")
                    #expect(!html.contains("<script>") && !html.contains("style="), "\(page): no inline script or style")
                    #expect(html.contains("id=\"logout\""))
                }
            }
            // The choice is kept in a cookie: the next page without ?lang is English.
            let chosen = try await browser.get("/levels")
            #expect(String(buffer: chosen.body).contains("<html lang=\"en\">"))
        }
    }

    @Test func scriptInWorkerIdsAndNamesIsShownAsText() async throws {
        let fixture = try ConsoleFixture()
        let attack = "<script>alert(1)</script>"
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("ada.admin")
            let set = try await browser.postForm("/levels", [("csrf", token), ("worker", attack), ("product", "bike-light"), ("level", "2"),
                                                             ("reason", "\"><img src=x onerror=alert(2)>")])
            #expect(set.status == .seeOther)
            #expect(set.headers[.location] == "/levels?saved=1")
            let name = try await browser.postForm("/names", [("csrf", token), ("worker", "W042"), ("display_name", attack)])
            #expect(name.status == .seeOther)
            for page in ["/levels", "/accounts", "/workers"] {
                let html = String(buffer: try await browser.get(page).body)
                #expect(!html.contains(attack) && !html.contains("<img src=x"), "\(page)")
                #expect(html.contains("&lt;script&gt;"), "\(page) shows the text")
            }
            let json = String(buffer: try await browser.get("/api/levels").body)
            #expect(json.contains(#""worker": "\u003cscript\u003ealert(1)\u003c/script\u003e""#), "the API gives ids as stored, tags escaped")
        }
    }

    @Test func theExportFormDownloadsTheAPIsBytes() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            try await browser.logIn("anna.assessor")
            let form = try await browser.get("/exports/download?what=cycles&format=xlsx&dialect=standard&since=&until=&worker=&product=")
            #expect(form.status == .ok)
            let api = try await browser.get("/api/export/cycles.xlsx")
            #expect(form.body == api.body)
            #expect(form.body.readableBytesView.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let names = try await browser.get("/exports/download?what=cycles&format=csv&with_names=1")
            #expect(names.status == .forbidden, "names are the admin's")
            let broken = try await browser.get("/exports/download?what=people&format=csv")
            #expect(broken.status == .badRequest)
        }
    }

    @Test func theAdminManagesAccountsAndPurgesOnlyWithConfirmation() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            let token = try await browser.logIn("ada.admin")
            let add = try await browser.postForm("/accounts", [("csrf", token), ("name", "nel.new"), ("role", "assessor"),
                                                               ("password", "a long new password")])
            #expect(add.status == .seeOther)
            #expect(String(buffer: try await browser.get("/accounts").body).contains("nel.new"))
            let short = try await browser.postForm("/accounts", [("csrf", token), ("name", "kim.short"), ("role", "assessor"), ("password", "short")])
            #expect(short.status == .badRequest)
            let duplicate = try await browser.postForm("/accounts", [("csrf", token), ("name", "nel.new"), ("role", "admin"),
                                                                     ("password", "a long new password")])
            #expect(duplicate.status == .badRequest)
            #expect(!String(buffer: duplicate.body).contains(fixture.journalPath))
            let passwd = try await browser.postForm("/accounts/passwd", [("csrf", token), ("name", "nel.new"), ("password", "another long password")])
            #expect(passwd.status == .seeOther)
            let remove = try await browser.postForm("/accounts/remove", [("csrf", token), ("name", "nel.new")])
            #expect(remove.status == .seeOther)
            let audit = try fixture.journal.auditLog().filter { $0.action == "account" && $0.by == "ada.admin" }.map(\.details)
            #expect(audit == ["add name=nel.new role=assessor", "passwd name=nel.new", "remove name=nel.new"],
                    "the audit names the console account")

            let unconfirmed = try await browser.postForm("/purge", [("csrf", token), ("days", "0")])
            #expect(unconfirmed.status == .badRequest)
            let purge = try await browser.postForm("/purge", [("csrf", token), ("days", "0"), ("confirm", "1")])
            #expect(purge.status == .seeOther)
            #expect(purge.headers[.location]?.hasPrefix("/purge?cycles=") == true)
            #expect(try fixture.journal.auditLog().contains { $0.action == "purge" && $0.by == "ada.admin" })
        }
    }

    @Test func theProgressPageShowsTheReportForTheChosenPeriod() async throws {
        let fixture = try ConsoleFixture()
        try await fixture.withBrowser { browser in
            try await browser.logIn("anna.assessor")
            let page = try await browser.get("/workers/W042?since=2026-03-01&until=2026-03-03")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<svg") && html.contains("/assets/report.css"))
            #expect(html.contains("value=\"2026-03-01\""))
            #expect(try await browser.get("/workers/W999").status == .badRequest, "an unknown worker")
            let css = try await browser.get("/assets/report.css")
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
        }
    }
}
