import Hummingbird
import JSONLines

/// The console's answers: JSON, HTML, files and redirects, all marked
/// `no-store` (they hold person data; no cache keeps a copy).
enum Responses {
    static let jsonType = "application/json; charset=utf-8"
    static let htmlType = "text/html; charset=utf-8"

    /// `<`, `>` and `&` in strings are sent as `\u003c`… (`htmlSafe`): the
    /// same value, but no id from a badge can ever open a tag in a page
    /// that a confused client renders.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(JSONLineBuilder.htmlSafe(text).utf8), type: jsonType, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(text.utf8), type: htmlType, status: status)
    }

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok,
                      download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        // The file name is built from fixed words only (what.format), never from a request.
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// 303 See Other: after a form post, and to the login page.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func error(_ error: ConsoleError, api: Bool, pages: Pages, language: Language) -> Response {
        let status = HTTPResponse.Status(code: error.status)
        if api { return json(error.json, status: status) }
        return html(pages.errorPage(error, language: language), status: status)
    }
}
