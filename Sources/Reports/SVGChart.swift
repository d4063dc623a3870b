/// A chart's drawing area in SVG user units, with its two axes: grid lines
/// and tick labels, the x axis title under the ticks and the y axis title
/// above the plot. Pure SVG: no script, no external resource.
struct SVGChart {
    var x: ChartAxis
    var y: ChartAxis
    var width = 640.0
    var height = 200.0
    var left = 50.0
    var right = 12.0
    var top = 22.0
    var bottom = 38.0
    /// Font size of ticks and titles (user units; 640 units fill the text width).
    var fontSize = 11.0

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var plotBottom: Double { height - bottom }

    func px(_ value: Double) -> Double { Self.rounded(left + plotWidth * min(1, max(0, x.fraction(value)))) }
    func py(_ value: Double) -> Double { Self.rounded(plotBottom - plotHeight * min(1, max(0, y.fraction(value)))) }

    /// Coordinates with at most 1 decimal keep the page small.
    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// The whole `<svg>`: axes under `content`; `label` names the chart for screen readers.
    func svg(_ content: String, label: String, className: String) -> String {
        var axes = ""
        for tick in y.ticks {
            let ty = py(tick.value)
            axes += "<line x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(width - right)\" y2=\"\(ty)\" stroke=\"#ddd\"/>"
                + "<text x=\"\(left - 5)\" y=\"\(ty + fontSize * 0.35)\" text-anchor=\"end\">\(tick.label)</text>"
        }
        for tick in x.ticks {
            let tx = px(tick.value)
            axes += "<line x1=\"\(tx)\" y1=\"\(plotBottom)\" x2=\"\(tx)\" y2=\"\(plotBottom + 4)\" stroke=\"#555\"/>"
                + "<text x=\"\(tx)\" y=\"\(plotBottom + 4 + fontSize)\" text-anchor=\"middle\">\(tick.label)</text>"
        }
        axes += "<line x1=\"\(left)\" y1=\"\(plotBottom)\" x2=\"\(width - right)\" y2=\"\(plotBottom)\" stroke=\"#555\"/>"
            + "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(plotBottom)\" stroke=\"#555\"/>"
            + "<text class=\"axis-title\" x=\"\(left + plotWidth / 2)\" y=\"\(height - 4)\" text-anchor=\"middle\">\(x.title)</text>"
            + "<text class=\"axis-title\" x=\"\(left - 5)\" y=\"\(top - 8)\">\(y.title)</text>"
        return "<svg class=\"\(className)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "font-size=\"\(Int(fontSize))\" role=\"img\" aria-label=\"\(label)\">\(axes)\(content)</svg>"
    }

    /// A polyline through `points` (already in user units).
    static func polyline(_ points: [(Double, Double)], className: String, stroke: String, width: Double = 1.5,
                         dashed: Bool = false) -> String {
        let list = points.map { "\($0.0),\($0.1)" }.joined(separator: " ")
        return "<polyline class=\"\(className)\" points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(width)\""
            + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
    }
}
