import StationModel

/// The picture a supervisor uses to line the projector up with the table:
/// a bright cross and square at each of the 4 calibration pixels, numbered,
/// the table's outline and every zone outlined and labelled, through the
/// calibration. The rest stays dark.
public enum CalibrationPattern {
    public static let mark = Color(255, 255, 255)
    public static let tableOutline = Color(0, 160, 255)
    public static let zoneOutline = Color(255, 200, 0)

    public static func render(_ station: Station, fonts: Fonts) throws(TableRenderer.SetupError) -> Frame {
        guard let homography = Homography(calibration: station.projector.calibration) else { throw .degenerateCalibration }
        var frame = Frame(width: station.projector.width, height: station.projector.height)
        let bounds = frame.bounds
        let lineMM = max(2, min(station.table.widthMM, station.table.depthMM) / 400)
        func outline(x: Double, y: Double, w: Double, h: Double, color: Color) {
            func quad(_ d: Double) -> [Point] {
                [Point(x: x - d, y: y - d), Point(x: x + w + d, y: y - d), Point(x: x + w + d, y: y + h + d),
                 Point(x: x - d, y: y + h + d)].map(homography.map)
            }
            Spans(polygons: [quad(lineMM / 2), quad(-lineMM / 2)], clip: bounds).fill(&frame, with: color)
        }
        outline(x: 0, y: 0, w: station.table.widthMM, h: station.table.depthMM, color: tableOutline)
        let labelSize = max(10, station.projector.width / 80)
        for zone in station.zones {
            outline(x: zone.x, y: zone.y, w: zone.w, h: zone.h, color: zoneOutline)
            let centre = homography.map(Point(x: zone.x + zone.w / 2, y: zone.y + zone.h / 2))
            let width = TextDrawing.width(of: zone.name, font: fonts.regular, size: labelSize)
            TextDrawing.drawLine(zone.name, font: fonts.regular, size: labelSize, color: zoneOutline,
                                 x: Spans.pixel(centre.x, -width, frame.width) - width / 2,
                                 baseline: Spans.pixel(centre.y, -labelSize, frame.height + labelSize) + labelSize / 3, into: &frame)
        }
        let arm = max(12, station.projector.width / 60), thickness = max(2, station.projector.width / 640)
        for (number, point) in station.projector.calibration.enumerated() {
            let x = Spans.pixel(point.pixel.x.rounded(), -arm, frame.width + arm)
            let y = Spans.pixel(point.pixel.y.rounded(), -arm, frame.height + arm)
            frame.fill(PixelRect(minX: x - arm, minY: y - thickness / 2, maxX: x + arm + 1, maxY: y + thickness - thickness / 2), with: mark)
            frame.fill(PixelRect(minX: x - thickness / 2, minY: y - arm, maxX: x + thickness - thickness / 2, maxY: y + arm + 1), with: mark)
            frame.fill(PixelRect(minX: x - 3, minY: y - 3, maxX: x + 4, maxY: y + 4), with: mark)
            let label = String(number + 1)
            let labelX = x + (x < station.projector.width / 2 ? arm / 2 : -arm / 2 - labelSize)
            let labelY = y + (y < station.projector.height / 2 ? arm + labelSize : -arm / 2)
            TextDrawing.drawLine(label, font: fonts.bold, size: labelSize * 2, color: mark, x: labelX, baseline: labelY, into: &frame)
        }
        return frame
    }
}
