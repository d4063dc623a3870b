import Foundation
import Yams

/// Loads and validates a station folder:
///
///     <dir>/station.yaml, <dir>/products/*.yaml, <dir>/media/*.png
///
/// Every problem is reported, not only the first, each with file, line,
/// column, field path and what was expected. Loading succeeds only when
/// there is no error (warnings are allowed).
public enum StationLoader {
    public struct Result: Sendable {
        public var station: Station?
        public var diagnostics: [Diagnostic]
        /// Every text per language of the files read, with its place.
        public var texts: [PlacedText] = []
    }

    /// Decodes the picture `relative` (such as `media/step.png`) of the
    /// station folder `directory` completely and returns what is wrong with
    /// it, a phrase after its quoted path ("is not a valid PNG picture
    /// (...)"), or nil. StationModel has no decoder; PNGImage gives one.
    public typealias PictureDecoder = (_ relative: String, _ directory: String) -> String?

    /// Loads the station in `directory`, or throws every problem found.
    public static func load(directory: String, decodingPictures decoder: PictureDecoder? = nil) throws(StationLoadError) -> Station {
        let result = check(directory: directory, decodingPictures: decoder)
        guard let station = result.station else { throw StationLoadError(diagnostics: result.diagnostics) }
        return station
    }

    /// Checks the station in `directory` and returns what was found. With a
    /// `decoder` every picture is decoded as the renderer will, so a damaged
    /// one is reported here, where a step names it; without, only headers.
    public static func check(directory: String, decodingPictures decoder: PictureDecoder? = nil) -> Result {
        let directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let stationFile = directory + "/station.yaml"
        var diagnostics: [Diagnostic] = []
        // All YAML of the station together is bounded, not only each file.
        var budget = StationLimits.stationBytes
        let pictures = StationPictures(directory: directory, decoder: decoder)

        let stationSink = DiagnosticSink(file: stationFile)
        let read = readYAML("station.yaml", in: directory, sink: stationSink, budget: &budget).flatMap {
            StationFileReader(root: $0, directory: directory).read()
        }
        let stationPart = read?.0

        var products: [Product] = []
        var productIDs: [String: String] = [:]
        var texts = stationSink.texts
        for name in productFiles(in: directory, diagnostics: &diagnostics) {
            let file = directory + "/products/" + name
            let sink = DiagnosticSink(file: file)
            if let root = readYAML("products/" + name, in: directory, sink: sink, budget: &budget),
               let product = ProductFileReader(root: root, file: file, station: stationPart, broken: read?.1 ?? BrokenNames(),
                                               directory: directory, pictures: pictures).read() {
                if let other = productIDs[product.id] {
                    sink.report("product id '\(product.id)' is already used by \(other)", at: root.mark, field: "product")
                } else {
                    productIDs[product.id] = file
                    products.append(product)
                }
            }
            diagnostics += sink.items
            texts += sink.texts
        }
        if let stationPart, let places = read?.1.inputPlaces {
            warnAboutMissingLabels(station: stationPart, products: products, places: places)
        }
        diagnostics = stationSink.items + diagnostics

        diagnostics += checkMedia(in: directory, pictures: pictures)

        let hasErrors = diagnostics.contains { $0.severity == .error }
        guard !hasErrors, var station = stationPart else {
            return Result(station: nil, diagnostics: diagnostics, texts: texts)
        }
        station.products = products
        return Result(station: station, diagnostics: diagnostics, texts: texts)
    }

    /// An input that error texts name (a wrong one, a step's `done` input,
    /// the acknowledge button) needs a label in the station's language, or
    /// the worker reads only "bakje" or "knop": a warning, not an error.
    private static func warnAboutMissingLabels(station: Station, products: [Product], places: [String: YAMLField]) {
        var named = Set(products.flatMap { $0.steps.flatMap { $0.wrong + [$0.done.input] } })
        if let acknowledge = station.roles.acknowledge,
           products.contains(where: { $0.steps.contains { $0.clear == .acknowledge } }) {
            named.insert(acknowledge)
        }
        for input in station.inputs where named.contains(input.name) && station.label(of: input.name, in: station.language) == nil {
            places[input.name]?.warning("no label in the station's language '\(station.language)'; error texts will name it only as "
                + "a kind of thing (add label: { \(station.language): ... })")
        }
    }

    /// Every file in media/ that no step names (those are checked where they
    /// are named) must be a PNG picture within the budget, a regular file,
    /// not a link: media/ holds pictures only.
    private static func checkMedia(in directory: String, pictures: StationPictures) -> [Diagnostic] {
        let folder = directory + "/media"
        let type = (try? FileManager.default.attributesOfItem(atPath: folder))?[.type] as? FileAttributeType
        if type == .typeSymbolicLink {
            return [Diagnostic(file: folder, line: nil, column: nil, field: "",
                               message: "media is a symbolic link; station files must be regular files inside the station folder, not links")]
        }
        guard type == .typeDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var diagnostics: [Diagnostic] = []
        for name in names.sorted() where !name.hasPrefix(".") && !pictures.referenced.contains("media/" + name) {
            guard diagnostics.count < StationLimits.listEntries else { break }
            do {
                _ = try StationFiles.pictureHeader("media/" + name, in: directory)
                if let problem = pictures.decode("media/" + name) {
                    diagnostics.append(Diagnostic(file: folder + "/" + name, line: nil, column: nil, field: "",
                                                  message: "media holds pictures only: 'media/\(name)' \(problem)"))
                }
            } catch {
                diagnostics.append(Diagnostic(file: folder + "/" + name, line: nil, column: nil, field: "",
                                              message: "media holds pictures only: \(error)"))
            }
        }
        return diagnostics
    }

    /// File names in products/, at most `StationLimits.products` of them.
    private static func productFiles(in directory: String, diagnostics: inout [Diagnostic]) -> [String] {
        let folder = directory + "/products"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var files: [String] = []
        for name in names.sorted() {
            if name.hasPrefix(".") {
                // Editor and macOS files (._x.yaml) on USB sticks.
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    diagnostics.append(Diagnostic(file: folder + "/" + name, line: nil, column: nil, field: "",
                                                  message: "ignored: a hidden file is not a product", severity: .warning))
                }
            } else if name.hasSuffix(".yaml") {
                files.append(name)
            } else if name.hasSuffix(".yml") {
                diagnostics.append(Diagnostic(file: folder + "/" + name, line: nil, column: nil, field: "",
                                              message: "ignored: product files must end in .yaml", severity: .warning))
            }
        }
        if files.count > StationLimits.products {
            diagnostics.append(Diagnostic(file: folder, line: nil, column: nil, field: "",
                                          message: "\(files.count) product files, more than the \(StationLimits.products) a station may have"))
            return Array(files.prefix(StationLimits.products))
        }
        return files
    }

    /// Parses the YAML file `relative` of the station into a node tree,
    /// reporting read, size and syntax errors; `budget` is what the
    /// station's YAML may still hold.
    static func readYAML(_ relative: String, in directory: String, sink: DiagnosticSink, budget: inout Int) -> YAMLField? {
        let bytes: [UInt8]
        do {
            bytes = try StationFiles.read(relative, in: directory, limit: min(StationLimits.fileBytes, max(0, budget)))
        } catch {
            switch error.cause {
            case .notFound:
                sink.report("file not found", at: nil, field: "")
            case .tooLarge(let size, let limit) where limit < StationLimits.fileBytes:
                sink.report("the file holds \(size) bytes; with the files before it the station's YAML passes its limit of \(StationLimits.stationBytes) bytes",
                            at: nil, field: "")
            case .tooLarge(let size, _):
                sink.report("the file holds \(size) bytes, more than the limit of \(StationLimits.fileBytes) bytes for a station file", at: nil, field: "")
            default:
                sink.report("the file \(error.problem)", at: nil, field: "")
            }
            return nil
        }
        budget -= bytes.count
        guard let text = String(validating: bytes, as: UTF8.self) else {
            sink.report("the file is not valid UTF-8", at: nil, field: "")
            return nil
        }
        if let refusal = YAMLGuard.check(bytes) {
            sink.report(refusal.message, line: refusal.line, column: refusal.column)
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                sink.report("the file is empty", at: nil, field: "")
                return nil
            }
            return YAMLField(node: node, path: "", sink: sink)
        } catch let error as YamlError {
            reportSyntax(error, sink: sink)
            return nil
        } catch {
            sink.report("YAML error: \(error)", at: nil, field: "")
            return nil
        }
    }

    private static func reportSyntax(_ error: YamlError, sink: DiagnosticSink) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // libyaml's own text names its API (with a stray ")"); say what it means.
            let problem = problem.hasPrefix("Maximum nesting level reached")
                ? "lists and mappings are nested more than \(StationLimits.yamlDepth) levels deep" : problem
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            sink.report("YAML syntax error: \(detail)", at: mark, field: "")
        case let .duplicatedKeysInMapping(duplicates, context):
            sink.report("duplicate key\(duplicates.count > 1 ? "s" : "") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
                        at: context.mark, field: "")
        case let .reader(problem, _, _, _):
            sink.report("YAML read error: \(problem)", at: nil, field: "")
        default:
            sink.report("YAML error: \(error)", at: nil, field: "")
        }
    }
}

// MARK: - station.yaml

private struct StationFileReader {
    let root: YAMLField
    let directory: String
    /// Names declared in station.yaml whose definitions have errors: they
    /// are reported once, where they are defined, and not again where used.
    let broken = BrokenNames()

    static let keys = ["station", "name", "language", "table", "projector", "board", "boards", "inputs",
                       "outputs", "zones", "roles", "supervisors", "levels"]

    func read() -> (Station, BrokenNames)? {
        guard let f = root.fields(allowed: Self.keys,
                                  required: ["station", "name", "language", "table", "projector", "inputs", "zones"]) else { return nil }
        let sink = root.sink
        let errorsBefore = sink.items.filter { $0.severity == .error }.count

        let id = f["station"]?.identifier("station id", pattern: .id)
        if let id, let field = f["station"] {
            let folder = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
            if folder != id { field.error("station id '\(id)' must equal its folder name '\(folder)'") }
        }
        let name = f["name"]?.string()
        let language = f["language"]?.identifier("language code", pattern: .language)
        let table = f["table"].flatMap(readTable)
        let projector = f["projector"].flatMap { readProjector($0, table: table) }
        let boards = readBoards(single: f["board"], named: f["boards"])
        let inputs = f["inputs"].map { readInputs($0, boards: boards.declared, language: language) } ?? []
        let outputs = f["outputs"].map { readOutputs($0, boards: boards.declared, language: language) } ?? []
        let zones = f["zones"].map { readZones($0, table: table, language: language) } ?? []
        let roles = f["roles"].map { readRoles($0, inputs: inputs) } ?? Roles()
        let supervisors = f["supervisors"].map(readSupervisors) ?? []
        let levels = f["levels"].flatMap(readLevels) ?? LevelSettings()

        let errorsAfter = sink.items.filter { $0.severity == .error }.count
        guard errorsAfter == errorsBefore, let id, let name, let language, let table, let projector else {
            // Products are still checked against whatever names could be read.
            return (Station(id: id ?? "", name: name ?? "", language: language ?? "en",
                            table: table ?? TableSize(widthMM: 0, depthMM: 0),
                            projector: projector ?? Projector(width: 0, height: 0, output: "", calibration: []),
                            boards: boards.valid, inputs: inputs, outputs: outputs, zones: zones, roles: roles,
                            supervisors: supervisors, levels: levels, products: [], directory: directory), broken)
        }
        return (Station(id: id, name: name, language: language, table: table, projector: projector, boards: boards.valid,
                        inputs: inputs, outputs: outputs, zones: zones, roles: roles, supervisors: supervisors,
                        levels: levels, products: [], directory: directory), broken)
    }

    private func readTable(_ field: YAMLField) -> TableSize? {
        guard let f = field.fields(allowed: ["width_mm", "depth_mm"], required: ["width_mm", "depth_mm"]),
              let width = f["width_mm"]?.number(minimum: 0, exclusiveMinimum: true),
              let depth = f["depth_mm"]?.number(minimum: 0, exclusiveMinimum: true) else { return nil }
        return TableSize(widthMM: width, depthMM: depth)
    }

    private func readProjector(_ field: YAMLField, table: TableSize?) -> Projector? {
        guard let f = field.fields(allowed: ["width", "height", "output", "calibration", "min_text_mm"],
                                   required: ["width", "height", "calibration"]) else { return nil }
        var width = f["width"]?.integer(in: 16...16384)
        var height = f["height"]?.integer(in: 16...16384)
        if let w = width, let h = height, w * h > StationLimits.projectorPixels {
            f["width"]?.error("a \(w)x\(h) projector image has more than the \(StationFiles.pixelText(StationLimits.projectorPixels)) of 4K UHD (3840x2160)")
            (width, height) = (nil, nil)
        }
        var output = "/dev/fb0"
        if let outputField = f["output"], let path = outputField.string(what: "a framebuffer device path such as /dev/fb0") {
            if path.hasPrefix("/"), path.count > 1 {
                output = path
            } else {
                outputField.error("expected a framebuffer device path such as /dev/fb0, found '\(path)'")
            }
        }
        var calibration: [CalibrationPoint]?
        if let list = f["calibration"]?.sequence(what: "a list of 4 calibration points") {
            if list.count != 4 {
                f["calibration"]?.error("expected exactly 4 calibration points, found \(list.count)")
            }
            var points: [CalibrationPoint] = []
            var pointFields: [(table: YAMLField, pixel: YAMLField)] = []
            for element in list {
                guard let p = element.fields(allowed: ["table", "pixel"], required: ["table", "pixel"]),
                      let tableField = p["table"], let pixelField = p["pixel"],
                      let table = tableField.point(), let pixel = pixelField.point() else { continue }
                points.append(CalibrationPoint(table: table, pixel: pixel))
                pointFields.append((tableField, pixelField))
                if let width, let height, !(0...Double(width - 1)).contains(pixel.x) || !(0...Double(height - 1)).contains(pixel.y) {
                    pixelField.error("pixel [\(YAMLField.format(pixel.x)), \(YAMLField.format(pixel.y))] lies outside the projector's \(width)x\(height) image")
                }
            }
            if list.count == 4, points.count == 4, let field = f["calibration"],
               checkCalibration(points, fields: pointFields, field: field, table: table) {
                calibration = points
            }
        }
        var minTextMM = Projector.defaultMinTextMM
        if let minField = f["min_text_mm"], let value = minField.number(minimum: 0, exclusiveMinimum: true, maximum: 200) {
            minTextMM = value
            if value < 3 {
                minField.warning("capitals \(YAMLField.format(value)) mm tall are too small to read on the table for many workers; the default is \(YAMLField.format(Projector.defaultMinTextMM)) mm")
            }
        }
        guard let width, let height, let calibration else { return nil }
        return Projector(width: width, height: height, output: output, calibration: calibration, minTextMM: minTextMM)
    }

    /// Whether the 4 points define the map the renderer will draw with,
    /// reporting why not: points too close together or on one line, no
    /// invertible `Homography` (the renderer's own test), or a table whose
    /// corners would not land on one quadrilateral of the image.
    private func checkCalibration(_ points: [CalibrationPoint], fields: [(table: YAMLField, pixel: YAMLField)],
                                  field: YAMLField, table: TableSize?) -> Bool {
        var valid = true
        for (kind, unit, all) in [("table", "mm", points.map(\.table)), ("pixel", "pixels", points.map(\.pixel))] {
            if case let (i, j, gap)? = Geometry.closePair(all, closerThan: 1) {
                let place = kind == "table" ? fields[j].table : fields[j].pixel
                place.error("\(kind) points \(i + 1) and \(j + 1) lie \(gap) \(unit) apart; expected 4 distinct points at least 1 \(unit == "mm" ? "mm" : "pixel") apart")
                valid = false
            } else if let triple = Geometry.collinearTriple(all) {
                field.error("\(kind) points \(triple.map { String($0 + 1) }.joined(separator: ", ")) are collinear; expected 4 points, no three on one line")
                valid = false
            }
        }
        guard valid else { return false }
        guard let map = Homography(calibration: points) else {
            field.error("the 4 points do not define a projective map from the table to the image (they are too close to degenerate); measure them again and check them with the pattern of `oss calibrate`")
            return false
        }
        if let table, !Geometry.coversTable(map, width: table.widthMM, depth: table.depthMM) {
            field.error("the table's corners do not map to one quadrilateral of the image: the table points and pixel points are not in the same order around the table; measure them again and check them with the pattern of `oss calibrate`")
            return false
        }
        return true
    }

    /// The boards of `board:` (one, named `board`) or `boards:` (named);
    /// `declared` also holds the names whose definitions have errors, so
    /// that inputs on them are not reported again as on an unknown board.
    private func readBoards(single: YAMLField?, named: YAMLField?) -> (valid: [StationBoard], declared: [String]) {
        var found: [ReadBoard] = []
        var declared: [String] = []
        if let single {
            if let named { named.error("expected either board: (one board) or boards: (named boards), not both") }
            declared.append(StationBoard.singleName)
            if let read = readBoard(single) { found.append(ReadBoard(board: StationBoard(name: StationBoard.singleName, selector: read.selector), field: single, serialField: read.serialField)) }
        } else if let named, let entries = named.entries(what: "a mapping of board names", limit: StationLimits.names) {
            if entries.isEmpty { named.error("expected at least one board") }
            for (name, keyField, value) in entries {
                declared.append(name)
                guard keyField.identifier("board name", pattern: .id) != nil, let read = readBoard(value) else { continue }
                found.append(ReadBoard(board: StationBoard(name: name, selector: read.selector), field: value, serialField: read.serialField))
            }
        }
        checkBoardsCanBeTold(found)
        return (found.map(\.board), declared)
    }

    private struct ReadBoard {
        var board: StationBoard
        var field: YAMLField
        var serialField: YAMLField?
    }

    /// Boards of the same vendor and product are told apart by serial only:
    /// each needs one, and no two boards may have the same.
    private func checkBoardsCanBeTold(_ boards: [ReadBoard]) {
        var serials: [String: String] = [:]
        for read in boards {
            guard let serial = read.board.selector.serial, let serialField = read.serialField else { continue }
            if let other = serials[serial] { serialField.error("serial '\(serial)' is already board '\(other)'; expected a different serial per board") }
            serials[serial] = read.board.name
        }
        for read in boards where read.board.selector.serial == nil {
            let selector = read.board.selector
            if let other = boards.first(where: { $0.board.name != read.board.name && $0.board.selector.vendor == selector.vendor
                                                 && $0.board.selector.product == selector.product }) {
                read.field.error("board '\(read.board.name)' has the same vendor and product as board '\(other.board.name)'; expected serial: to tell them apart")
            }
        }
    }

    private func readBoard(_ field: YAMLField) -> (selector: BoardSelector, serialField: YAMLField?)? {
        guard let f = field.fields(allowed: ["vendor", "product", "serial"], required: ["vendor", "product"]),
              let vendor = f["vendor"]?.integer(in: 0...0xFFFF, allowHex: true),
              let product = f["product"]?.integer(in: 0...0xFFFF, allowHex: true) else { return nil }
        let serial = f["serial"]?.string(what: "a serial number string")
        return (BoardSelector(vendor: UInt16(vendor), product: UInt16(product), serial: serial), f["serial"])
    }

    /// The board an input or output names with `name:`; without, the only
    /// board. Reports an unknown name, or a missing one among several boards.
    private func boardName(_ field: YAMLField?, in boards: [String], of part: YAMLField, kind: String) -> String? {
        guard let field else {
            if boards.isEmpty { part.error("a board \(kind) needs the station's board: section") }
            if boards.count > 1 {
                part.error("expected name: the board of this \(kind), one of: \(boards.joined(separator: ", "))")
                return nil
            }
            return boards.first ?? StationBoard.singleName
        }
        guard let name = field.string(what: "a board name") else { return nil }
        guard boards.contains(name) else {
            guard !boards.isEmpty else {
                field.error("a board \(kind) needs the station's board: section")
                return nil
            }
            var message = "unknown board '\(name)'; expected one of: \(boards.joined(separator: ", "))"
            if let guess = YAMLField.closest(to: name, in: boards) { message += " (did you mean '\(guess)'?)" }
            field.error(message)
            return nil
        }
        return name
    }

    private func readInputs(_ field: YAMLField, boards: [String], language: String?) -> [Input] {
        guard let entries = field.entries(what: "a mapping of input names", limit: StationLimits.names) else { return [] }
        var inputs: [Input] = []
        var channels: [String: [BoardChannel: String]] = [:]
        var keys: [String: String] = [:]
        for (name, keyField, value) in entries {
            broken.inputs.insert(name)
            broken.inputPlaces[name] = keyField
            guard keyField.identifier("input name", pattern: .id) != nil,
                  let f = value.fields(allowed: ["evdev", "board", "label"]) else { continue }
            let label = f["label"].map { $0.localizedText(stationLanguage: language) }
            if label == .some(nil) { continue }
            guard f.count - (f["label"] == nil ? 0 : 1) == 1 else {
                value.error("expected exactly one source, evdev: or board:")
                continue
            }
            defer { if inputs.last?.name == name { broken.inputs.remove(name) } }
            if let evdev = f["evdev"], let source = readEvdev(evdev) {
                if case .key(let keyName, _) = source.delivery {
                    let identity = "\(source.device ?? "")|\(source.phys ?? "")|\(source.vendor ?? 0)|\(source.product ?? 0)|\(keyName)"
                    if let other = keys[identity] { evdev.error("the same device and key is already input '\(other)'") }
                    keys[identity] = name
                }
                inputs.append(Input(name: name, source: .evdev(source), label: label ?? nil))
            } else if let boardField = f["board"], let (channel, nameField) = readBoardChannel(boardField),
                      let board = boardName(nameField, in: boards, of: boardField, kind: "input") {
                if let other = channels[board]?[channel] { boardField.error("the same board channel is already input '\(other)'") }
                channels[board, default: [:]][channel] = name
                inputs.append(Input(name: name, source: .board(channel, board: board), label: label ?? nil))
            }
        }
        return inputs
    }

    private func readEvdev(_ field: YAMLField) -> EvdevSource? {
        guard let f = field.fields(allowed: ["device", "phys", "vendor", "product", "key", "text"]) else { return nil }
        let device = f["device"]?.string(what: "a device name")
        let phys = f["phys"]?.string(what: "a phys path")
        let vendor = f["vendor"]?.integer(in: 0...0xFFFF, allowHex: true)
        let product = f["product"]?.integer(in: 0...0xFFFF, allowHex: true)
        if f["device"] == nil, f["phys"] == nil, f["vendor"] == nil {
            field.error("expected device:, phys: or vendor:/product: to find the device")
        }
        var delivery: EvdevSource.Delivery?
        let isText = f["text"]?.bool()
        switch (f["key"], isText) {
        case (let keyField?, nil), (let keyField?, false):
            if let keyName = keyField.string(what: "a key code name such as BTN_0 or KEY_ENTER") {
                if let code = LinuxKeyCodes.byName[keyName] {
                    delivery = .key(name: keyName, code: code)
                } else {
                    var message = "unknown key code '\(keyName)'; expected a Linux KEY_* or BTN_* name"
                    if let guess = YAMLField.closest(to: keyName.uppercased(), in: Array(LinuxKeyCodes.byName.keys).sorted()) {
                        message += " (did you mean '\(guess)'?)"
                    }
                    keyField.error(message)
                }
            }
        case (nil, true?):
            delivery = .text
        case (_?, true?):
            field.error("expected either key: or text: true, not both")
        case (nil, false?):
            f["text"]?.error("text: false needs a key: instead")
        case (nil, nil):
            field.error("expected key: (a KEY_* or BTN_* code) or text: true")
        }
        guard let delivery else { return nil }
        return EvdevSource(device: device, phys: phys, vendor: vendor.map(UInt16.init),
                           product: product.map(UInt16.init), delivery: delivery)
    }

    /// The channel, and the `name:` field naming its board (nil: not named).
    private func readBoardChannel(_ field: YAMLField) -> (BoardChannel, YAMLField?)? {
        guard let f = field.fields(allowed: ["sensor", "tool", "name"]) else { return nil }
        switch (f["sensor"], f["tool"]) {
        case (let sensor?, nil): return sensor.integer(in: 1...255).map { (.sensor($0), f["name"]) }
        case (nil, let tool?): return tool.integer(in: 1...255).map { (.tool($0), f["name"]) }
        default:
            field.error("expected exactly one of sensor: or tool:")
            return nil
        }
    }

    private func readOutputs(_ field: YAMLField, boards: [String], language: String?) -> [Output] {
        guard let entries = field.entries(what: "a mapping of output names", limit: StationLimits.names) else { return [] }
        var outputs: [Output] = []
        var lights: [String: [Int: String]] = [:]
        for (name, keyField, value) in entries {
            broken.outputs.insert(name)
            defer { if outputs.last?.name == name { broken.outputs.remove(name) } }
            guard keyField.identifier("output name", pattern: .id) != nil,
                  let f = value.fields(allowed: ["board", "label"], required: ["board"]),
                  let boardField = f["board"],
                  let b = boardField.fields(allowed: ["light", "name"], required: ["light"]),
                  let light = b["light"]?.integer(in: 1...255),
                  let board = boardName(b["name"], in: boards, of: boardField, kind: "output") else { continue }
            let label = f["label"].map { $0.localizedText(stationLanguage: language) }
            if label == .some(nil) { continue }
            if let other = lights[board]?[light] { boardField.error("light \(light) is already output '\(other)'") }
            lights[board, default: [:]][light] = name
            outputs.append(Output(name: name, light: light, board: board, label: label ?? nil))
        }
        return outputs
    }

    private func readZones(_ field: YAMLField, table: TableSize?, language: String?) -> [Zone] {
        guard let entries = field.entries(what: "a mapping of zone names", limit: StationLimits.names) else { return [] }
        var zones: [Zone] = []
        for (name, keyField, value) in entries {
            broken.zones.insert(name)
            defer { if zones.last?.name == name { broken.zones.remove(name) } }
            guard keyField.identifier("zone name", pattern: .id) != nil,
                  let f = value.fields(allowed: ["x", "y", "w", "h", "label"], required: ["x", "y", "w", "h"]),
                  let x = f["x"]?.number(minimum: 0), let y = f["y"]?.number(minimum: 0),
                  let w = f["w"]?.number(minimum: 0, exclusiveMinimum: true),
                  let h = f["h"]?.number(minimum: 0, exclusiveMinimum: true) else { continue }
            if let table, x + w > table.widthMM || y + h > table.depthMM {
                value.warning("zone reaches beyond the \(YAMLField.format(table.widthMM)) x \(YAMLField.format(table.depthMM)) mm table")
            }
            let label = f["label"].map { $0.localizedText(stationLanguage: language) }
            if label == .some(nil) { continue }
            zones.append(Zone(name: name, x: x, y: y, w: w, h: h, label: label ?? nil))
        }
        return zones
    }

    private func readRoles(_ field: YAMLField, inputs: [Input]) -> Roles {
        guard let f = field.fields(allowed: ["acknowledge", "help", "login", "select"]) else { return Roles() }
        func role(_ key: String, wantsText: Bool) -> String? {
            guard let roleField = f[key], let name = roleField.string(what: "an input name") else { return nil }
            guard let input = inputs.first(where: { $0.name == name }) else {
                if !broken.inputs.contains(name) {
                    roleField.error("unknown input '\(name)'; expected one of: \(inputs.map(\.name).joined(separator: ", "))")
                }
                return nil
            }
            if wantsText, input.kind != .text {
                roleField.error("input '\(name)' must be a text input (evdev text: true) to serve as \(key)")
            } else if !wantsText, input.kind == .text {
                roleField.error("input '\(name)' is a text input; \(key) needs a button, sensor or tool")
            }
            return name
        }
        return Roles(acknowledge: role("acknowledge", wantsText: false), help: role("help", wantsText: false),
                     login: role("login", wantsText: true), select: role("select", wantsText: true))
    }

    private func readSupervisors(_ field: YAMLField) -> Set<String> {
        guard let list = field.sequence(what: "a list of supervisor badge ids", limit: StationLimits.supervisors) else { return [] }
        return Set(list.compactMap { $0.identifier("badge id", pattern: .badge) })
    }

    private func readLevels(_ field: YAMLField) -> LevelSettings? {
        guard let f = field.fields(allowed: ["auto", "less_detail_after", "time_factor", "more_detail_window", "more_detail_when"])
        else { return nil }
        var settings = LevelSettings()
        if let auto = f["auto"]?.bool() { settings.auto = auto }
        if let value = f["less_detail_after"]?.integer(in: 1...100) { settings.lessDetailAfter = value }
        if let value = f["time_factor"]?.number(minimum: 0, exclusiveMinimum: true, maximum: 100) { settings.timeFactor = value }
        if let value = f["more_detail_window"]?.integer(in: 1...100) { settings.moreDetailWindow = value }
        if let value = f["more_detail_when"]?.integer(in: 1...100) { settings.moreDetailWhen = value }
        if settings.moreDetailWhen > settings.moreDetailWindow {
            f["more_detail_when"]?.error("\(settings.moreDetailWhen) is more than more_detail_window (\(settings.moreDetailWindow))")
        }
        return settings
    }
}

// MARK: - products/*.yaml

private struct ProductFileReader {
    let root: YAMLField
    let file: String
    /// What could be read of station.yaml; nil when it could not be parsed,
    /// in which case references are not checked.
    let station: Station?
    /// Names defined with errors in station.yaml, not reported again here.
    let broken: BrokenNames
    let directory: String
    let pictures: StationPictures

    static let keys = ["product", "name", "norm_time_s", "steps"]
    static let stepKeys = ["id", "text", "short", "image", "show", "light", "done", "wrong", "max_s", "clear"]

    func read() -> Product? {
        guard let f = root.fields(allowed: Self.keys, required: ["product", "name", "norm_time_s", "steps"]) else { return nil }
        let sink = root.sink
        let id = f["product"]?.identifier("product id", pattern: .id)
        if let id, let field = f["product"] {
            let name = URL(fileURLWithPath: file).lastPathComponent
            if name != id + ".yaml" { field.error("product id '\(id)' must equal its file name without .yaml ('\(name)')") }
        }
        let name = f["name"].flatMap { readText($0) }
        let norm = f["norm_time_s"]?.number(minimum: StationLimits.minimumNormSeconds, maximum: 86_400)
        var steps: [Step] = []
        if let list = f["steps"]?.sequence(what: "a list of steps", limit: StationLimits.steps) {
            if list.isEmpty { f["steps"]?.error("a product needs at least one step") }
            var ids = Set<String>()
            for element in list {
                guard let step = readStep(element) else { continue }
                if !ids.insert(step.id).inserted {
                    element.error("step id '\(step.id)' is used twice in this product")
                }
                steps.append(step)
            }
        }
        guard !sink.hasErrors, let id, let name, let norm else { return nil }
        return Product(id: id, name: name, normTime: Int64((norm * 1_000_000).rounded()), steps: steps)
    }

    private func readText(_ field: YAMLField) -> LocalizedText? {
        field.localizedText(stationLanguage: station?.language)
    }

    private func inputNamed(_ field: YAMLField) -> Input? {
        guard let name = field.string(what: "an input name") else { return nil }
        guard let station else { return nil }
        guard let input = station.input(named: name) else {
            if broken.inputs.contains(name) { return nil }
            field.error("unknown input '\(name)'; expected one of: \(station.inputs.map(\.name).joined(separator: ", "))")
            return nil
        }
        return input
    }

    private func names(_ field: YAMLField, kind: String, known: [String]?) -> [String] {
        guard let list = field.sequence(what: "a list of \(kind) names, like [a, b]") else { return [] }
        return list.compactMap { element in
            guard let name = element.string(what: "a \(kind) name") else { return nil }
            if let known, !known.contains(name) {
                if broken.names(of: kind).contains(name) { return nil }
                element.error("unknown \(kind) '\(name)'; expected one of: \(known.joined(separator: ", "))")
                return nil
            }
            return name
        }
    }

    private func readStep(_ field: YAMLField) -> Step? {
        guard let f = field.fields(allowed: Self.stepKeys, required: ["id", "text", "done"]) else { return nil }
        let errorsBefore = root.sink.items.count { $0.severity == .error }
        let id = f["id"]?.identifier("step id", pattern: .id)
        let text = f["text"].flatMap { readText($0) }
        let short = f["short"].flatMap { readText($0) }
        let image = f["image"].flatMap(readImage)
        let show = f["show"].map { names($0, kind: "zone", known: station?.zones.map(\.name)) } ?? []
        let light = f["light"].map { names($0, kind: "output", known: station?.outputs.map(\.name)) } ?? []
        let wrong = f["wrong"].map { names($0, kind: "input", known: station?.inputs.map(\.name)) } ?? []
        let maxS = f["max_s"]?.number(minimum: 0, exclusiveMinimum: true, maximum: 86_400)
        var clear = ClearMode.acknowledge
        if let clearField = f["clear"], let word = clearField.string(what: "acknowledge, auto or supervisor") {
            if let mode = ClearMode(rawValue: word) {
                clear = mode
            } else {
                clearField.error("unknown clear mode '\(word)'; expected acknowledge, auto or supervisor")
            }
        }
        let done = f["done"].flatMap { readDone($0, wrong: wrong, wrongField: f["wrong"]) }
        checkRoles(for: clear, field: f["clear"] ?? field)

        let errorsAfter = root.sink.items.count { $0.severity == .error }
        guard errorsAfter == errorsBefore, let id, let text, let done else { return nil }
        return Step(id: id, text: text, short: short, image: image, show: show, light: light, done: done,
                    wrong: wrong, maxDuration: maxS.map { Int64(($0 * 1_000_000).rounded()) }, clear: clear)
    }

    private func checkRoles(for clear: ClearMode, field: YAMLField) {
        guard let station else { return }
        switch clear {
        case .acknowledge where station.roles.acknowledge == nil:
            field.error("clear: acknowledge (the default) needs roles.acknowledge in station.yaml; add it or use clear: auto")
        case .supervisor where station.roles.login == nil || station.supervisors.isEmpty:
            field.error("clear: supervisor needs roles.login and at least one id in supervisors in station.yaml")
        default: break
        }
    }

    private func readImage(_ field: YAMLField) -> String? {
        guard let path = field.string(what: "a path such as media/step.png") else { return nil }
        pictures.reference(path)
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            field.error("'\(path)' must be a path inside the station folder, such as media/step.png")
            return nil
        }
        guard path.lowercased().hasSuffix(".png") else {
            field.error("'\(path)' must be a PNG picture (.png)")
            return nil
        }
        do {
            let header = try StationFiles.pictureHeader(path, in: directory)
            if let message = pictures.add(path, pixels: header.pixels) {
                field.error(message)
            } else if let problem = pictures.decode(path) {
                field.error("media file '\(path)' \(problem)")
                return nil
            }
        } catch {
            field.error(error.cause == .notFound ? "media file '\(path)' not found in \(directory)" : "media file \(error)")
            return nil
        }
        return path
    }

    private func readDone(_ field: YAMLField, wrong: [String], wrongField: YAMLField?) -> DoneCondition? {
        guard let f = field.fields(allowed: ["input", "ok", "count", "match"], required: ["input"]),
              let inputField = f["input"] else { return nil }
        let input = inputNamed(inputField)
        let ok = f["ok"]?.bool()
        let count = f["count"].map { $0.integer(in: 1...1000) } ?? 1
        var match: TextPattern?
        if let matchField = f["match"], let source = matchField.string(what: "a regular expression") {
            do { match = try TextPattern(source) } catch {
                matchField.error("'\(source)' is not a valid regular expression")
            }
        }
        if let input {
            if f["ok"] != nil, input.kind != .tool {
                f["ok"]?.error("ok: applies to tool inputs only; '\(input.name)' is a \(input.kind) input")
            }
            if f["match"] != nil, input.kind != .text {
                f["match"]?.error("match: applies to text inputs only; '\(input.name)' is a \(input.kind) input")
            }
            if input.name == station?.roles.login {
                inputField.error("'\(input.name)' is the login input (badges); a step cannot be done with it")
            }
            if wrong.contains(input.name) {
                wrongField?.error("'\(input.name)' is this step's done input and cannot also be wrong")
            }
        }
        guard let inputName = inputField.string(what: "an input name"), let count else { return nil }
        return DoneCondition(input: inputName, ok: ok, count: count, match: match)
    }
}

/// The station's distinct pictures so far: their pixels against
/// `StationLimits.stationPicturePixels`, and each one decoded at most once
/// (shared by the product readers and the check of media/).
private final class StationPictures {
    let directory: String
    let decoder: StationLoader.PictureDecoder?
    private var decoded: [String: String?] = [:]
    private var seen: Set<String> = []
    private var total = 0
    /// Every picture path a step names, also those with errors.
    private(set) var referenced: Set<String> = []

    init(directory: String, decoder: StationLoader.PictureDecoder?) {
        self.directory = directory
        self.decoder = decoder
    }

    func reference(_ path: String) { referenced.insert(path) }

    /// What the decoder finds wrong with `path` (nil without a decoder);
    /// call only within the budgets, as decoding allocates the pixels.
    func decode(_ path: String) -> String? {
        if let known = decoded[path] { return known }
        // Past the station's budget (reported by `add`) nothing more is decoded.
        guard let decoder, total <= StationLimits.stationPicturePixels else { return nil }
        let problem = decoder(path, directory)
        decoded[path] = problem
        return problem
    }

    /// Counts `path` once; the error message when the station passes its budget with it.
    func add(_ path: String, pixels: Int) -> String? {
        guard seen.insert(path).inserted else { return nil }
        total += pixels
        guard total > StationLimits.stationPicturePixels else { return nil }
        return "with '\(path)' the station's pictures hold \(StationFiles.pixelText(total)), more than the "
            + "\(StationFiles.pixelText(StationLimits.stationPicturePixels)) all pictures of a station may have together"
    }
}

/// Names declared with errors (a reference type so the readers can share it).
private final class BrokenNames {
    var inputs: Set<String> = []
    var zones: Set<String> = []
    var outputs: Set<String> = []
    /// Where each input is declared, for warnings found once products are read.
    var inputPlaces: [String: YAMLField] = [:]

    func names(of kind: String) -> Set<String> {
        switch kind {
        case "input": inputs
        case "zone": zones
        default: outputs
        }
    }
}

// MARK: - Geometry checks

enum Geometry {
    /// The indices of the first three points that lie on one line (within a
    /// small angular tolerance), or nil.
    static func collinearTriple(_ points: [Point]) -> [Int]? {
        for i in 0..<points.count {
            for j in (i + 1)..<points.count {
                for k in (j + 1)..<points.count where collinear(points[i], points[j], points[k]) {
                    return [i, j, k]
                }
            }
        }
        return nil
    }

    static func collinear(_ a: Point, _ b: Point, _ c: Point) -> Bool {
        let abx = b.x - a.x, aby = b.y - a.y, acx = c.x - a.x, acy = c.y - a.y
        let cross = abs(abx * acy - aby * acx)
        let lengths = (abx * abx + aby * aby).squareRoot() * (acx * acx + acy * acy).squareRoot()
        // sin(angle) below 1e-3, or coinciding points.
        return lengths == 0 || cross <= 1e-3 * lengths
    }

    /// The first two points less than `minimum` apart, with their distance
    /// (the angle test above cannot see two nearly coinciding points).
    static func closePair(_ points: [Point], closerThan minimum: Double) -> (Int, Int, String)? {
        for i in 0..<points.count {
            for j in (i + 1)..<points.count {
                let gap = ((points[i].x - points[j].x) * (points[i].x - points[j].x)
                           + (points[i].y - points[j].y) * (points[i].y - points[j].y)).squareRoot()
                if !(gap >= minimum) { return (i, j, gap < 0.01 ? "less than 0.01" : String(format: "%.2f", gap)) }
            }
        }
        return nil
    }

    /// Whether the table rectangle maps to one convex quadrilateral: the
    /// map's denominator has one sign at all 4 corners (it is linear, so then
    /// on the whole table), so no part of the table crosses the image's
    /// horizon, which is what a mismatched order of points does.
    static func coversTable(_ map: Homography, width: Double, depth: Double) -> Bool {
        let corners = [Point(x: 0, y: 0), Point(x: width, y: 0), Point(x: width, y: depth), Point(x: 0, y: depth)]
        let weights = corners.map { map.m[6] * $0.x + map.m[7] * $0.y + map.m[8] }
        let largest = weights.map(abs).max() ?? 0
        guard largest.isFinite, largest > 0 else { return false }
        let sign = weights[0] > 0
        return weights.allSatisfy { ($0 > 0) == sign && abs($0) > 1e-9 * largest }
            && corners.allSatisfy { let p = map.map($0); return p.x.isFinite && p.y.isFinite }
    }
}
