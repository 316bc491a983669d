//! The few words inkbind itself puts in a book, in the book's language.

/// Labels used by the renderers.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    pub scene_break: &'static str,
    pub authors_note: &'static str,
    pub contents: &'static str,
    pub cover: &'static str,
    pub title_page: &'static str,
    pub by: &'static str,
    pub fandom: &'static str,
    pub rating: &'static str,
    pub warnings: &'static str,
    pub relationships: &'static str,
    pub characters: &'static str,
    pub tags: &'static str,
    pub series: &'static str,
    pub summary: &'static str,
    pub status: &'static str,
    pub complete: &'static str,
    pub in_progress: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub words: &'static str,
    pub chapters: &'static str,
    pub source: &'static str,
    /// Groups the digits of large numbers (`12,345`; a narrow no-break space in French).
    pub thousands: &'static str,
}

const EN: Labels = Labels {
    scene_break: "Scene break",
    authors_note: "Author’s note",
    contents: "Contents",
    cover: "Cover",
    title_page: "Title page",
    by: "by",
    fandom: "Fandom",
    rating: "Rating",
    warnings: "Warnings",
    relationships: "Relationships",
    characters: "Characters",
    tags: "Tags",
    series: "Series",
    summary: "Summary",
    status: "Status",
    complete: "Complete",
    in_progress: "In progress",
    published: "Published",
    updated: "Updated",
    words: "Words",
    chapters: "Chapters",
    source: "Source",
    thousands: ",",
};

const FR: Labels = Labels {
    scene_break: "Changement de scène",
    authors_note: "Note de l’auteur",
    contents: "Table des matières",
    cover: "Couverture",
    title_page: "Page de titre",
    by: "par",
    fandom: "Fandom",
    rating: "Classement",
    warnings: "Avertissements",
    relationships: "Relations",
    characters: "Personnages",
    tags: "Étiquettes",
    series: "Série",
    summary: "Résumé",
    status: "Statut",
    complete: "Terminé",
    in_progress: "En cours",
    published: "Publié",
    updated: "Mis à jour",
    words: "Mots",
    chapters: "Chapitres",
    source: "Source",
    thousands: "\u{202F}",
};

const DE: Labels = Labels {
    scene_break: "Szenenwechsel",
    authors_note: "Anmerkung der Autorin / des Autors",
    contents: "Inhalt",
    cover: "Umschlag",
    title_page: "Titelseite",
    by: "von",
    fandom: "Fandom",
    rating: "Einstufung",
    warnings: "Warnungen",
    relationships: "Beziehungen",
    characters: "Figuren",
    tags: "Schlagwörter",
    series: "Reihe",
    summary: "Zusammenfassung",
    status: "Status",
    complete: "Abgeschlossen",
    in_progress: "In Arbeit",
    published: "Veröffentlicht",
    updated: "Aktualisiert",
    words: "Wörter",
    chapters: "Kapitel",
    source: "Quelle",
    thousands: ".",
};

const ES: Labels = Labels {
    scene_break: "Cambio de escena",
    authors_note: "Nota de la autora / del autor",
    contents: "Índice",
    cover: "Cubierta",
    title_page: "Portada",
    by: "de",
    fandom: "Fandom",
    rating: "Clasificación",
    warnings: "Advertencias",
    relationships: "Relaciones",
    characters: "Personajes",
    tags: "Etiquetas",
    series: "Serie",
    summary: "Resumen",
    status: "Estado",
    complete: "Completa",
    in_progress: "En curso",
    published: "Publicada",
    updated: "Actualizada",
    words: "Palabras",
    chapters: "Capítulos",
    source: "Fuente",
    thousands: ".",
};

/// Labels for a BCP 47 tag (primary subtag only); English when unknown.
pub fn labels(language: &str) -> &'static Labels {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        _ => &EN,
    }
}

/// The story's size, shown on the title page.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub words: usize,
    pub chapters: usize,
}

impl Counts {
    pub fn of(story: &crate::model::Story) -> Counts {
        Counts {
            words: story.word_count(),
            chapters: story.chapters.len(),
        }
    }
}

/// The subjects a library shelves the book under, one per tag, in this order: fandoms,
/// rating, warnings, relationships, characters, the completion status, then the free tags;
/// repeats dropped. The EPUB writes each as its own `dc:subject` (calibre and Kobo import
/// them as tags), the PDF as its keywords.
pub fn subjects(meta: &crate::model::Metadata, labels: &Labels) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let status = meta.status.map(|s| status_label(s, labels).to_string());
    let all = meta
        .fandoms
        .iter()
        .chain(&meta.rating)
        .chain(&meta.warnings)
        .chain(&meta.relationships)
        .chain(&meta.characters)
        .chain(&status)
        .chain(&meta.tags);
    for s in all {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}

/// `12345` → `12,345` with the language's digit grouping.
pub fn group_digits(n: usize, labels: &Labels) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(labels.thousands);
        }
        out.push(c);
    }
    out
}

/// The status as a word in the book's language.
pub fn status_label(s: crate::model::Status, labels: &Labels) -> &'static str {
    match s {
        crate::model::Status::Complete => labels.complete,
        crate::model::Status::InProgress => labels.in_progress,
    }
}

/// The fan-work and series metadata shown on a title page, as (label, value) rows in the
/// order both renderers print them; `counts` adds the status line with the word and chapter
/// counts, as archives show them.
pub fn work_rows(
    meta: &crate::model::Metadata,
    labels: &Labels,
    counts: Option<Counts>,
) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(s) = &meta.series {
        let v = match meta.series_index {
            Some(i) => format!("{s}, {i}"),
            None => s.clone(),
        };
        rows.push((labels.series, v));
    }
    if !meta.fandoms.is_empty() {
        rows.push((labels.fandom, meta.fandoms.join(", ")));
    }
    if let Some(r) = &meta.rating {
        rows.push((labels.rating, r.clone()));
    }
    for (label, list) in [
        (labels.warnings, &meta.warnings),
        (labels.relationships, &meta.relationships),
        (labels.characters, &meta.characters),
        (labels.tags, &meta.tags),
    ] {
        if !list.is_empty() {
            rows.push((label, list.join(", ")));
        }
    }
    if let Some(d) = &meta.date {
        rows.push((labels.published, date_only(d)));
    }
    if let Some(d) = &meta.updated {
        rows.push((labels.updated, date_only(d)));
    }
    if let Some(s) = meta.status {
        rows.push((labels.status, status_label(s, labels).to_string()));
    }
    if let Some(c) = counts {
        rows.push((labels.words, group_digits(c.words, labels)));
        rows.push((labels.chapters, group_digits(c.chapters, labels)));
    }
    if let Some(u) = &meta.source {
        rows.push((labels.source, u.clone()));
    }
    rows
}

/// `2026-03-01T12:00:00Z` → `2026-03-01` (a title page shows the day).
fn date_only(d: &str) -> String {
    d.trim()
        .get(..10)
        .filter(|s| s.as_bytes().get(4) == Some(&b'-'))
        .unwrap_or(d.trim())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_group_by_language() {
        assert_eq!(group_digits(0, &EN), "0");
        assert_eq!(group_digits(999, &EN), "999");
        assert_eq!(group_digits(1000, &EN), "1,000");
        assert_eq!(group_digits(1234567, &EN), "1,234,567");
        assert_eq!(group_digits(12345, &FR), "12\u{202F}345");
        assert_eq!(group_digits(12345, &DE), "12.345");
    }

    #[test]
    fn date_rows_show_the_day() {
        assert_eq!(date_only("2026-03-01T12:00:00Z"), "2026-03-01");
        assert_eq!(date_only("2026-03-01"), "2026-03-01");
    }
}
