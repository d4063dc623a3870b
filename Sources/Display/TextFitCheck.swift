import StationEngine
import StationModel

/// Draws every panel on which a station's own texts appear (each step at
/// levels 1 and 2 with help, each error a step can show) and returns the
/// paragraphs that do not fit even at the minimum size: for `oss validate`,
/// which names the file and line of the text. What is checked is what the
/// renderer draws, so the check follows the renderer's layout.
public enum TextFitCheck {
    /// The panels of `station`'s steps, worst cases first: help shown (one
    /// more line), counts, errors with their extra "blocked" line.
    public static func models(for station: Station) -> [DisplayModel] {
        var models: [DisplayModel] = []
        for product in station.products {
            for (index, step) in product.steps.enumerated() {
                func view(level: Int, error: ErrorView? = nil) -> DisplayModel {
                    DisplayModel(screen: .step(StepView(product: product.id, index: index, stepCount: product.steps.count,
                                                        level: level, helped: error == nil, counted: 0,
                                                        needed: step.done.count, error: error, blocked: error != nil)))
                }
                models.append(view(level: 1))
                models.append(view(level: 2))
                var errors = step.wrong.map { ErrorView(kind: .wrongInput, input: $0, clear: step.clear) }
                if step.done.ok != nil { errors.append(ErrorView(kind: .toolNotOK, input: step.done.input, clear: step.clear)) }
                if step.done.match != nil { errors.append(ErrorView(kind: .noMatch, input: step.done.input, clear: step.clear)) }
                models += errors.map { view(level: 1, error: $0) }
            }
        }
        return models
    }

    /// The paragraphs of those panels that do not fit, each text once.
    public static func unfitParagraphs(_ renderer: TableRenderer) -> [ParagraphFit] {
        var seen: Set<String> = []
        var unfit: [ParagraphFit] = []
        for model in models(for: renderer.station) {
            renderer.redrawAll(model)
            for paragraph in renderer.panelFit where !paragraph.fits && seen.insert(paragraph.text).inserted {
                unfit.append(paragraph)
            }
        }
        return unfit
    }
}
