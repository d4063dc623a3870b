import Hummingbird
import JSONLines
import Journal
import Operations

/// The JSON API of docs/console.md. Handlers only translate: fields in,
/// one operation of `Workshop`, JSON out.
extension Console {
    func session(_ call: Call) throws -> Response {
        let signedIn = try call.account
        var object = JSONLineBuilder()
        object.add("name", string: signedIn.account.name.text)
        object.add("role", string: signedIn.account.role.rawValue)
        object.add("csrf", string: signedIn.session.csrf)
        return Responses.json(object.line)
    }

    func stationsJSON(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let rows = try await Blocking.run { try workshop.stations() }
        return Responses.json(Stations.json(rows))
    }

    func levelsJSON(_ call: Call) async throws -> Response {
        let (worker, product) = try Self.workerAndProduct(call.query)
        let workshop = self.workshop
        let history = try await Blocking.run { try workshop.levelHistory(worker: worker, product: product) }
        return Responses.json(Self.json(history.map(Self.levelJSON)))
    }

    func setLevelJSON(_ call: Call) async throws -> Response {
        guard Self.mediaType(call.request) == "application/json" else { throw ConsoleError.unsupportedMediaType("application/json") }
        let object = try Self.jsonObject(call.body)
        let worker = try Self.string(object, "worker")
        let product = try Self.string(object, "product")
        let level = try Self.integer(object, "level")
        let reason = try Self.optionalString(object, "reason")
        let request = try LevelRequest(worker: worker, product: product, level: level, reason: reason)
        try await setLevel(request, by: call.account)
        var answer = JSONLineBuilder()
        answer.add("worker", string: worker)
        answer.add("product", string: product)
        answer.add("level", int: level)
        return Responses.json(answer.line)
    }

    func setLevel(_ request: LevelRequest, by signedIn: SignedIn) async throws {
        let workshop = self.workshop
        let actor = signedIn.actor
        try await Blocking.run { try workshop.setLevel(request, by: actor) }
    }

    func exportFile(_ call: Call) async throws -> Response {
        guard let file = call.context.parameters.get("file"), let (table, format) = Self.exportFile(file) else {
            throw ConsoleError.notFound
        }
        let request = try exportRequest(table: table, format: format, fields: call.query, allowed: Self.exportQueryFields)
        let bytes = try await export(request, by: call.account)
        return Responses.bytes(bytes, type: Self.contentType(format), download: "\(table.rawValue).\(format.rawValue)")
    }

    func export(_ request: ExportRequest, by signedIn: SignedIn) async throws -> [UInt8] {
        let workshop = self.workshop
        let actor = signedIn.actor
        do {
            return try await Blocking.run { try workshop.export(request, by: actor) }
        } catch let error as OperationError {
            throw ConsoleError(error)
        } catch {
            throw ConsoleError.storeUnavailable
        }
    }

    func auditJSON(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let entries = try await Blocking.run { try workshop.audit() }
        return Responses.json(Self.json(entries.map { entry in
            var object = JSONLineBuilder()
            object.add("at", string: UTCTime.format(entry.at))
            object.add("account", string: entry.by)
            object.add("what", string: entry.action)
            object.add("detail", string: entry.details)
            return object.line
        }))
    }

    // MARK: Fields

    static let exportQueryFields: Set<String> = ["worker", "product", "since", "until", "dialect", "with_names", "include_abandoned", "lang"]

    /// `cycles.csv` → (cycles, csv); anything else is no file of ours.
    static func exportFile(_ file: String) -> (JournalExport.Table, ExportFormat)? {
        let parts = file.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let table = JournalExport.Table(rawValue: String(parts[0])),
              let format = ExportFormat(rawValue: String(parts[1])) else { return nil }
        return (table, format)
    }

    static func contentType(_ format: ExportFormat) -> String {
        switch format {
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The export the fields ask for, checked as `oss export` checks its options.
    func exportRequest(table: JournalExport.Table, format: ExportFormat, fields: FormFields, allowed: Set<String>) throws -> ExportRequest {
        if let unknown = fields.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConsoleError.badRequest("unknown field '\(unknown.prefix(40))'")
        }
        let dialectText = fields.given("dialect") ?? "standard"
        guard let dialect = JournalExport.Dialect(rawValue: dialectText) else {
            throw ConsoleError.badRequest("dialect must be standard or excel-nl")
        }
        guard format == .csv || dialect == .standard else {
            throw ConsoleError.badRequest("dialect \(dialect.rawValue) is for csv; \(format.rawValue) has one spelling")
        }
        let withNames = try Self.flag(fields, "with_names")
        let includeAbandoned = try Self.flag(fields, "include_abandoned")
        do {
            return try ExportRequest(table: table, format: format, dialect: dialect, worker: fields.given("worker"),
                                     product: fields.given("product"), since: fields.given("since"), until: fields.given("until"),
                                     includeAbandoned: includeAbandoned, withNames: withNames, destination: "download")
        } catch {
            throw ConsoleError(error)
        }
    }

    /// A flag field: absent, empty or `0` is off, `1` on; anything else is refused.
    static func flag(_ fields: FormFields, _ name: String) throws(ConsoleError) -> Bool {
        switch fields.given(name) {
        case nil, "0": false
        case "1": true
        default: throw .badRequest("\(name) must be 1 or absent")
        }
    }

    /// The `worker` and `product` filters, checked as ids.
    static func workerAndProduct(_ fields: FormFields) throws -> (String?, String?) {
        let worker = fields.given("worker"), product = fields.given("product")
        do {
            try Identifier.check(worker, .worker)
            try Identifier.check(product, .product)
        } catch {
            throw ConsoleError(error)
        }
        return (worker, product)
    }

    static func levelJSON(_ change: Journal.LevelChange) -> String {
        var object = JSONLineBuilder()
        object.add("worker", string: change.worker)
        object.add("product", string: change.product)
        object.add("level", int: change.level)
        object.add("set_by", string: change.by)
        object.add("set_at", string: UTCTime.format(change.at))
        if let reason = change.reason { object.add("reason", string: reason) } else { object.addNull("reason") }
        return object.line
    }

    static func json(_ lines: [String]) -> String {
        lines.isEmpty ? "[]" : "[\n" + lines.joined(separator: ",\n") + "\n]"
    }

    // MARK: JSON bodies

    static func jsonObject(_ body: ByteBuffer) throws(ConsoleError) -> JSONObject {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw .badRequest("the body is not UTF-8")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw .badRequest("the body is not JSON: \(error.description)") }
        guard case .object(let object) = value else { throw .badRequest("the body must be a JSON object") }
        return object
    }

    static func string(_ object: JSONObject, _ key: String) throws(ConsoleError) -> String {
        guard case .string(let text)? = object[key] else { throw .badRequest("\(key) must be a string") }
        return text
    }

    static func optionalString(_ object: JSONObject, _ key: String) throws(ConsoleError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        default: throw .badRequest("\(key) must be a string or null")
        }
    }

    static func integer(_ object: JSONObject, _ key: String) throws(ConsoleError) -> Int {
        guard case .number(let number)? = object[key], let value = Int(number.literal) else {
            throw .badRequest("\(key) must be a whole number")
        }
        return value
    }
}
