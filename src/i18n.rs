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

/// The fan-work and series metadata shown on a title page, as (label, value) rows in the
/// order both renderers print them.
pub fn work_rows(meta: &crate::model::Metadata, labels: &Labels) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(s) = &meta.series {
        let v = match meta.series_index {
            Some(i) => format!("{s}, {i}"),
            None => s.clone(),
        };
        rows.push((labels.series, v));
    }
    if let Some(f) = &meta.fandom {
        rows.push((labels.fandom, f.clone()));
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
    rows
}
