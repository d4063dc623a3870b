import StationEngine
import StationModel

/// Draws a station's display model into a frame at the projector's
/// resolution. Everything on the table goes through the calibration's
/// homography: zones become the quadrilaterals that light exactly their
/// rectangles, and the panel's text and pictures are drawn upright in panel
/// space, then warped onto the panel's quadrilateral.
///
/// What the table shows (contours were fastest with the fewest errors for
/// cognitively impaired workers in Funk et al., PETRA 2015):
/// - the current step's `show` zones: a thick bright contour on a soft fill;
/// - an error: the wrong input's zone (or the step's zones) filled red, and in
///   the panel what was wrong and what to do, at every level;
/// - the panel by level: 1 step n of m, `text` and picture; 2 step n of m and
///   `short`; 3 nothing but the progress bar; the count ("1 van 2") at every
///   level;
/// - help (any level, until the step changes): a yellow frame around the
///   panel, a large yellow "? Hulp", what to use by its label ("Pak uit bak 1
///   (behuizingen).") and the step's zones with a yellow contour, on top of
///   the level the engine shows (one more detailed);
/// - a slow step (calm, not an alarm): a blue-green frame around the panel,
///   "Neem de tijd." and the offer of help naming the help button by its label.
///
/// Only what changed is redrawn: zones whose look changed and the panel when
/// the model changed. Zone shapes and the panel warp are computed once.
public final class TableRenderer {
    public enum SetupError: Error, CustomStringConvertible {
        case degenerateCalibration
        public var description: String { "the calibration points do not define a projective map" }
    }

    public let station: Station
    public private(set) var frame: Frame
    /// The fonts with what sets the panel's text: minimum size, hyphenation.
    private let fonts: PanelFonts
    private let images: [String: RGBAImage]
    private let strings: UIStrings
    private let zones: [ZoneShape]
    private let panel: PanelWarp?
    private var drawnModel: DisplayModel?
    private var drawnLooks: [ZoneLook] = []
    /// Step pictures resampled for their place in the panel: a station has
    /// few, and resampling is most of the cost of drawing a step.
    private var scaledPictures: [String: ScaledPicture] = [:]
    private var panelContent: Frame?
    /// The panel buffer's rows from here down hold only background (a new buffer: all of them).
    private var panelInkBottom = 0
    /// The panel's texts as last drawn, top to bottom: what the worker reads,
    /// for checks that no id or missing text reaches the table.
    public private(set) var panelText: [String] = []
    /// How each paragraph of the panel as last drawn was set, top to bottom:
    /// `oss validate` reports those that do not fit at the minimum size.
    public var panelFit: [ParagraphFit] { fonts.record.paragraphs }
    /// The smallest text size in panel pixels: the station's `min_text_mm`
    /// of capital height at the panel's scale, at least 8.
    public var minimumTextSize: Int { fonts.minimumSize }

    public static let background = Color.black
    static let idleOutline = Color(60, 60, 60)
    static let activeFill = Color(40, 110, 40)
    static let activeContour = Color(255, 255, 255)
    static let errorFill = Color(230, 20, 20)
    static let errorContour = Color(255, 90, 90)
    static let textColor = Color(255, 255, 255)
    static let errorText = Color(255, 80, 80)
    static let helpText = Color(255, 220, 0)
    static let progressDone = Color(0, 200, 60)
    static let progressTodo = Color(70, 70, 70)
    static let celebrationFill = Color(0, 150, 40)
    /// A slow step: a calm blue-green, far from the error's red.
    static let calmCue = Color(70, 180, 210)

    /// `images` holds decoded step pictures by their path in the product
    /// file; `hyphenation` says where words may break (none: nowhere but
    /// after a hyphen, and between characters as the last resort); `sampler`
    /// is how the panel is warped onto the table (`oss bench` times both).
    public init(station: Station, fonts: Fonts, images: [String: RGBAImage] = [:],
                hyphenation: (any WordHyphenation)? = nil, sampler: PanelSampler = .bilinear) throws(SetupError) {
        guard let toProjector = Homography(calibration: station.projector.calibration),
              let toTable = toProjector.inverse else { throw .degenerateCalibration }
        self.station = station
        self.images = images
        strings = UIStrings(language: station.language)
        frame = Frame(width: station.projector.width, height: station.projector.height, fill: Self.background)
        let bounds = frame.bounds
        let contour = max(6, min(station.table.widthMM, station.table.depthMM) * 0.0125)
        zones = station.zones.filter { $0.name != "panel" }.map {
            ZoneShape(zone: $0, homography: toProjector, contourMM: contour, clip: bounds)
        }
        let panelZone = station.zone(named: "panel")
        let panel = panelZone.map { PanelWarp(zone: $0, toProjector: toProjector, toTable: toTable, clip: bounds, sampler: sampler) }
        self.panel = panel
        // Panel pixels per millimetre on the table, along its narrower axis.
        let scale = panelZone.flatMap { zone in panel.map { min(Double($0.width) / zone.w, Double($0.height) / zone.h) } } ?? 0
        let capHeight = station.projector.minTextMM * scale
        // Never below 8 pixels, whatever the calibration: smaller is unreadable anywhere.
        let minimumSize = max(8, capHeight > 0
            ? max(fonts.regular.size(forCapHeight: capHeight), fonts.bold.size(forCapHeight: capHeight)) : 0)
        let language = station.language
        self.fonts = PanelFonts(regular: fonts.regular, bold: fonts.bold, minimumSize: minimumSize,
                                hyphenation: hyphenation.map { source in { source.hyphenationPoints(in: $0, language: language) } }
                                    ?? { _ in [] })
    }

    /// Draws `model`; returns what changed, nil when nothing did.
    @discardableResult
    public func render(_ model: DisplayModel) -> DirtyRegion? {
        let looks = zoneLooks(for: model)
        var dirty = DirtyRegion()
        if drawnModel == nil {
            dirty.add(frame.bounds)
        } else {
            for (index, look) in looks.enumerated() where look != drawnLooks[index] {
                dirty.add(zones[index].bounds)
            }
            if model != drawnModel, let panel { dirty.add(panel.bounds) }
        }
        drawnModel = model
        drawnLooks = looks
        guard !dirty.isEmpty else { return nil }
        draw(model, looks: looks, region: dirty)
        return dirty
    }

    /// Redraws the whole frame, whatever was drawn before.
    public func redrawAll(_ model: DisplayModel) {
        let looks = zoneLooks(for: model)
        drawnModel = model
        drawnLooks = looks
        draw(model, looks: looks, region: DirtyRegion(frame.bounds))
    }

    private func draw(_ model: DisplayModel, looks: [ZoneLook], region: DirtyRegion) {
        // The panel's content is laid out once, then warped into each rectangle it touches.
        var content: Frame?
        if let panel, region.rects.contains(where: { panel.bounds.intersects($0) }) {
            // One panel buffer for the renderer's life: no allocation (and no
            // fresh pages to fault in) per drawn picture.
            var buffer = panelContent ?? Frame(width: panel.width, height: panel.height)
            panelContent = nil
            // Below the last picture's ink the buffer is background already.
            buffer.fill(PixelRect(minX: 0, minY: 0, maxX: buffer.width, maxY: panelInkBottom), with: Self.background)
            drawPanel(model, into: &buffer)
            content = buffer
        }
        for clip in region.rects {
            frame.fill(clip, with: Self.background)
            for pass in [ZoneLook.idle, .active, .help, .error] {
                for (index, look) in looks.enumerated() where look == pass {
                    zones[index].draw(look, into: &frame, clip: clip)
                }
            }
            if let panel, let content, panel.bounds.intersects(clip) {
                panel.warp(content, into: &frame, clip: clip, blankFrom: panelInkBottom)
            }
        }
        if let content { panelContent = content }
    }

    // MARK: Zones

    enum ZoneLook: Equatable { case idle, active, help, error }

    private func zoneLooks(for model: DisplayModel) -> [ZoneLook] {
        guard case .step(let view) = model.screen, !model.offline,
              let step = station.product(withID: view.product)?.steps[view.index] else {
            return zones.map { _ in .idle }
        }
        var errorZones: Set<String> = []
        if let error = view.error {
            errorZones = zones.contains { $0.name == error.input } ? [error.input] : Set(step.show)
        }
        let shown: ZoneLook = view.helped && view.error == nil ? .help : .active
        return zones.map { zone in
            errorZones.contains(zone.name) ? .error : step.show.contains(zone.name) ? shown : .idle
        }
    }

    // MARK: Panel

    private func drawPanel(_ model: DisplayModel, into content: inout Frame) {
        // The cursor takes the buffer over (a swap, not a copy: a second reference would make
        // its first write copy the whole panel), and gives it back at the end.
        var panel = PanelCursor(takingOver: &content, fonts: fonts)
        defer {
            swap(&panel.content, &content)
            panelText = panel.texts
            panelInkBottom = panel.inkBottom
        }
        let w = panel.width
        if model.offline {
            panel.paragraph(strings["offline"], bold: true, size: w / 8, color: Self.errorText)
            panel.paragraph(strings["offlineAction"], size: w / 11)
            return
        }
        switch model.screen {
        case .loggedOut:
            panel.y = panel.height / 3
            panel.paragraph(strings["scanBadge"], bold: true, size: w / 6, centered: true)
        case .idle(let worker):
            panel.y = panel.height / 4
            panel.paragraph(strings.welcome(worker), size: w / 10, centered: true)
            panel.paragraph(strings["scanProduct"], bold: true, size: w / 7, centered: true)
        case .step(let view):
            if model.celebrating { panel.banner(strings["wellDone"], size: w / 9, fill: Self.celebrationFill) }
            panel.progress(done: view.index, of: view.stepCount, filled: Self.progressDone, empty: Self.progressTodo)
            drawStep(view, on: &panel)
            if view.error == nil, let cue = view.helped ? Self.helpText : view.slow ? Self.calmCue : nil {
                Self.frameEdges(of: &panel.content, width: max(4, w / 40), color: cue)
                panel.inkBottom = panel.height
            }
        }
    }

    /// A band of `width` pixels along the inside of the panel's edges.
    private static func frameEdges(of content: inout Frame, width: Int, color: Color) {
        let (w, h) = (content.width, content.height)
        for edge in [PixelRect(minX: 0, minY: 0, maxX: w, maxY: width), PixelRect(minX: 0, minY: h - width, maxX: w, maxY: h),
                     PixelRect(minX: 0, minY: 0, maxX: width, maxY: h), PixelRect(minX: w - width, minY: 0, maxX: w, maxY: h)] {
            content.fill(edge, with: color)
        }
    }

    private func drawStep(_ view: StepView, on panel: inout PanelCursor) {
        let w = panel.width
        if let error = view.error {
            let text = ErrorText(error, step: station.product(withID: view.product)?.steps[view.index], station: station)
            panel.paragraph(strings["error"], bold: true, size: w / 6, color: Self.errorText)
            panel.paragraph(text.problem, bold: true, size: w / 9, color: Self.errorText)
            panel.paragraph(text.action, size: w / 11)
            if view.blocked { panel.paragraph(strings["blocked"], bold: true, size: w / 11, color: Self.helpText) }
            return
        }
        guard let step = station.product(withID: view.product)?.steps[view.index] else { return }
        let language = station.language
        if view.helped { panel.paragraph(strings["help"], bold: true, size: w / 9, color: Self.helpText) }
        if view.level <= 2 { panel.paragraph(strings.stepOf(view.index + 1, view.stepCount), size: w / 12) }
        switch view.level {
        case 1: panel.paragraph(step.text.text(in: language, fallback: "en"), size: w / 9)
        case 2: panel.paragraph((step.short ?? step.text).text(in: language, fallback: "en"), bold: true, size: w / 7)
        default: break
        }
        if view.helped { panel.paragraph(ErrorText.hint(for: step, station: station), bold: true, size: w / 10, color: Self.helpText) }
        // At every level: the count is the only sign that a counted input was taken.
        if view.needed > 1 { panel.paragraph(strings.count(view.counted, view.needed), bold: true, size: w / 9, color: Self.helpText) }
        if view.slow && !view.helped {
            panel.paragraph(strings["slow"], bold: true, size: w / 11, color: Self.calmCue)
            if let help = station.roles.help {
                panel.paragraph(strings.helpOffer(station.label(of: help, in: language) ?? strings["helpButton"]),
                                size: w / 11, color: Self.calmCue)
            }
        }
        if view.level == 1, let path = step.image, let image = images[path] {
            panel.picture { box in
                let key = "\(path)|\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"
                if let cached = scaledPictures[key] { return cached }
                let scaled = image.scaled(fitting: box)
                scaledPictures[key] = scaled
                return scaled
            }
        }
    }
}

/// The panel's fonts and what sets text in them.
private struct PanelFonts {
    let regular: any GlyphSource
    let bold: any GlyphSource
    /// No paragraph is drawn smaller (pixels).
    let minimumSize: Int
    let hyphenation: (String) -> [Int]
    /// The paragraphs of the panel being drawn.
    let record = ParagraphRecord()
}

private final class ParagraphRecord {
    var paragraphs: [ParagraphFit] = []
}

/// Lays out the panel's content from top to bottom.
private struct PanelCursor {
    var content: Frame
    let fonts: PanelFonts
    let margin: Int
    var y: Int
    /// Every paragraph drawn so far.
    var texts: [String] = []
    /// Rows from here down are still plain background: the warp skips them.
    var inkBottom = 0

    /// Moves `content` into the cursor (leaving an empty frame), so that
    /// drawing does not copy it; swap it back when done.
    init(takingOver content: inout Frame, fonts: PanelFonts) {
        self.content = Frame(width: 0, height: 0)
        swap(&self.content, &content)
        self.fonts = fonts
        margin = max(4, self.content.width / 20)
        y = margin
        fonts.record.paragraphs = []
    }

    var width: Int { content.width }
    var height: Int { content.height }

    /// Draws `text` at `size`, or smaller down to the minimum size where it
    /// would otherwise break a word between characters or run past the
    /// panel's bottom; never below the minimum (what does not fit there is
    /// recorded in `ParagraphFit`).
    mutating func paragraph(_ text: String, bold: Bool = false, size: Int, color: Color = TableRenderer.textColor,
                            centered: Bool = false) {
        let font = bold ? fonts.bold : fonts.regular
        let minimum = fonts.minimumSize
        let maxWidth = width - 2 * margin, maxBottom = height - margin
        var size = max(minimum, size)
        func set(_ size: Int) -> TextLayout {
            TextDrawing.layout(text, font: font, size: size, maxWidth: maxWidth, hyphenation: fonts.hyphenation)
        }
        func fitting(_ layout: TextLayout, _ size: Int) -> Int {
            min(layout.lines.count, max(0, maxBottom - y) / max(1, font.metrics(size: size).lineHeight))
        }
        var layout = set(size)
        while size > minimum, layout.forcedBreaks > 0 || fitting(layout, size) < layout.lines.count {
            size = max(minimum, size - max(1, size / 12))
            layout = set(size)
        }
        texts.append(text)
        fonts.record.paragraphs.append(ParagraphFit(text: text, size: size, minimumSize: minimum, lines: layout.lines,
                                                    linesLeftOut: layout.lines.count - fitting(layout, size),
                                                    forcedWords: layout.forcedWords))
        y = TextDrawing.drawLines(layout.lines, font: font, size: size, color: color, x: margin, top: y, maxWidth: maxWidth,
                                  maxBottom: maxBottom, centered: centered, into: &content)
        // A glyph may reach below its line (a low diacritic): count a margin of one size.
        inkBottom = min(height, max(inkBottom, y + size))
        y += max(2, size / 3)
    }

    /// A full-width coloured band with centred bold text, at the top.
    mutating func banner(_ text: String, size: Int, fill: Color) {
        let bottom = fonts.bold.metrics(size: max(8, fonts.minimumSize, size)).lineHeight + margin
        content.fill(PixelRect(minX: 0, minY: 0, maxX: width, maxY: bottom), with: fill)
        inkBottom = max(inkBottom, bottom)
        y = margin / 2
        paragraph(text, bold: true, size: size, centered: true)
        y = bottom + margin / 2
    }

    mutating func progress(done: Int, of total: Int, filled: Color, empty: Color) {
        let bar = PixelRect(minX: margin, minY: y, maxX: width - margin, maxY: y + max(6, width / 25))
        content.fill(bar, with: empty)
        let part = bar.width * done / max(1, total)
        content.fill(PixelRect(minX: bar.minX, minY: bar.minY, maxX: bar.minX + part, maxY: bar.maxY), with: filled)
        inkBottom = max(inkBottom, bar.maxY)
        y = bar.maxY + margin
    }

    /// Draws the picture that `scaled` gives for the space left below.
    mutating func picture(_ scaled: (PixelRect) -> ScaledPicture?) {
        guard let picture = scaled(PixelRect(minX: margin, minY: y, maxX: width - margin, maxY: height - margin)) else { return }
        picture.draw(into: &content)
        inkBottom = max(inkBottom, picture.y + picture.height)
    }
}

/// A zone's shapes in projector pixels, computed once.
private struct ZoneShape {
    let name: String
    let fill: Spans
    let contour: Spans
    let outline: Spans
    let bounds: PixelRect

    init(zone: Zone, homography: Homography, contourMM: Double, clip: PixelRect) {
        name = zone.name
        func quad(_ inset: Double) -> [Point] {
            let x0 = zone.x + inset, y0 = zone.y + inset, x1 = zone.x + zone.w - inset, y1 = zone.y + zone.h - inset
            return [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)].map(homography.map)
        }
        let half = contourMM / 2
        fill = Spans(polygons: [quad(0)], clip: clip)
        contour = Spans(polygons: [quad(-half), quad(min(half, min(zone.w, zone.h) / 2 - 0.5))], clip: clip)
        outline = Spans(polygons: [quad(-1), quad(1)], clip: clip)
        bounds = contour.bounds.union(fill.bounds).union(outline.bounds)
    }

    func draw(_ look: TableRenderer.ZoneLook, into frame: inout Frame, clip: PixelRect) {
        switch look {
        case .idle:
            outline.fill(&frame, with: TableRenderer.idleOutline, clip: clip)
        case .active:
            fill.fill(&frame, with: TableRenderer.activeFill, clip: clip)
            contour.fill(&frame, with: TableRenderer.activeContour, clip: clip)
        case .help:
            fill.fill(&frame, with: TableRenderer.activeFill, clip: clip)
            contour.fill(&frame, with: TableRenderer.helpText, clip: clip)
        case .error:
            fill.fill(&frame, with: TableRenderer.errorFill, clip: clip)
            contour.fill(&frame, with: TableRenderer.errorContour, clip: clip)
        }
    }
}
