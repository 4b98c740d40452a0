//! Tables' header cells: a header cell left empty (the corner above a column of row labels, as
//! comparison tables have) names nothing, so it is written as a plain cell, which screen readers
//! do not announce as a header of the column.

const EMPTY_HEADER: &str = "<th></th>";

/// Turns each empty header cell of `html` into an empty data cell. Markdown text never writes
/// one (its `<` is escaped), so only a table's own cells are changed.
pub(super) fn empty_headers_as_cells(html: &mut String) {
    if html.contains(EMPTY_HEADER) {
        *html = html.replace(EMPTY_HEADER, "<td></td>");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_front_page;

    #[test]
    fn an_empty_corner_is_no_header() {
        let text = "| | A | B |\n|---|---|---|\n| x | 1 | 2 |\n\n`<th></th>`\n";
        let html = render_front_page(text).html;
        assert!(
            html.contains("<thead><tr><td></td><th>A</th><th>B</th></tr></thead>"),
            "{html}"
        );
        assert!(
            html.contains("<code>&lt;th&gt;&lt;/th&gt;</code>"),
            "{html}"
        );
    }
}
