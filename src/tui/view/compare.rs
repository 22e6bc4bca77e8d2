//! The compare pane: the catalog as a table, filtered to the runtime, recommended row highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders, Row, Table, TableState};

use super::Theme;
use crate::advisor::Outcome;
use crate::present::{count, size, vulns_cell};
use crate::tui::app::App;

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let day = app.knowledge.status_day(app.today);
    let images = app.compare_rows();
    // Narrow terminals keep the columns that decide most: name, size, vulnerabilities, shell, libc.
    let wide = area.width >= 110;
    let rows = images.iter().map(|i| {
        let recommended = i.id == outcome.image.id;
        let supported = i.supported_on(day);
        let mark = match (recommended, supported) {
            (true, _) => "★ ",
            (false, false) => "⚠ ",
            _ => "  ",
        };
        let support = match (i.supported_until, supported) {
            (_, false) => "unsupported".to_owned(),
            (Some(d), true) => d.to_string(),
            (None, true) => "—".to_owned(),
        };
        let mut cells = vec![
            format!("{mark}{}", i.reference),
            size(&i.compressed),
            vulns_cell(i),
            i.shell.to_string(),
            i.libc.to_string(),
        ];
        if wide {
            cells.insert(1, i.family.to_string());
            cells.insert(3, count(&i.packages));
            cells.extend([i.package_manager.to_string(), support]);
        }
        let row = Row::new(cells);
        match (recommended, supported) {
            (true, _) => row.style(theme.accent()),
            (false, false) => row.style(theme.warn()),
            _ => row,
        }
    });
    let sort = app.sort_key().map_or("catalog order".to_owned(), |s| {
        format!("sorted by {s:?}").to_lowercase()
    });
    let scope = if app.compare_all {
        "all images, unsupported too"
    } else {
        "this runtime, supported"
    };
    let title = format!(
        "{} images · {scope} · {sort} · a: all/runtime  s: sort  ★ recommended  ⚠ unsupported",
        images.len()
    );
    let (headers, widths): (Vec<&str>, Vec<Constraint>) = if wide {
        (
            vec![
                "Image", "Family", "Size", "Pkgs", "Vulns", "Shell", "libc", "Pkg mgr", "Support",
            ],
            vec![
                Constraint::Min(24),
                Constraint::Length(10),
                Constraint::Length(8),
                Constraint::Length(5),
                Constraint::Length(7),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(8),
                Constraint::Length(11),
            ],
        )
    } else {
        (
            vec!["Image", "Size", "Vulns", "Shell", "libc"],
            vec![
                Constraint::Min(24),
                Constraint::Length(8),
                Constraint::Length(7),
                Constraint::Length(5),
                Constraint::Length(5),
            ],
        )
    };
    let table = Table::new(rows, widths)
        .header(Row::new(headers).style(theme.title()))
        .row_highlight_style(theme.selected().remove_modifier(Modifier::BOLD))
        .highlight_symbol("▶")
        .block(Block::default().borders(Borders::ALL).title(title));
    let selected = usize::from(app.scroll[1]).min(images.len().saturating_sub(1));
    let mut state = TableState::default().with_selected((!images.is_empty()).then_some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
