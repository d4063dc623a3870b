extension YAMLField {
    /// A text map per language (`{ nl: ..., en: ... }`): step texts, product
    /// names and labels are all read here, so they are checked alike. A map
    /// without the station's `language` is a warning, not an error.
    func localizedText(stationLanguage language: String?) -> LocalizedText? {
        guard let entries = entries(what: "texts per language, like { nl: ..., en: ... }") else { return nil }
        var texts: [String: String] = [:]
        for (_, keyField, value) in entries {
            guard let code = keyField.identifier("language code", pattern: .language),
                  let text = value.string(what: "a text") else { continue }
            if text.allSatisfy(\.isWhitespace) { value.error("the text is empty") }
            texts[code] = text
            sink.texts.append(PlacedText(text: text, language: code, file: sink.file, line: value.mark?.line,
                                         column: value.mark?.column, field: value.path))
        }
        if texts.isEmpty {
            error("expected at least one language")
            return nil
        }
        if let language, !language.isEmpty, texts[language] == nil {
            warning("no text in the station's language '\(language)'")
        }
        return LocalizedText(texts)
    }
}
