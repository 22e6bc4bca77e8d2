//! The compare pane: the catalog as a table (filtered to the runtime, recommended row highlighted),
//! and under it bars comparing the recommendation with its alternatives. Columns come by priority: as
//! many as the width holds, image names shortened with a legend when they would crowd the figures out,
//! and `<`/`>` scroll the rest into view.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::layout::list_offset;
use super::names::Names;
use super::wrap::wrap;
use super::{Theme, bars};
use crate::advisor::Outcome;
use crate::knowledge::{Date, Image};
use crate::listing::SortKey;
use crate::present::{count, size, vulns_cell};
use crate::tui::app::App;

/// A column after the image name.
#[derive(Debug)]
pub struct Column {
    pub header: &'static str,
    /// The sort order this column shows, if any.
    pub sort: Option<SortKey>,
    cell: fn(&Image, Date) -> String,
}

fn size_cell(i: &Image, _: Date) -> String {
    size(&i.compressed)
}
fn packages_cell(i: &Image, _: Date) -> String {
    count(&i.packages)
}
fn vulns(i: &Image, _: Date) -> String {
    vulns_cell(i)
}
fn shell(i: &Image, _: Date) -> String {
    i.shell.to_string()
}
fn libc(i: &Image, _: Date) -> String {
    i.libc.to_string()
}
fn family(i: &Image, _: Date) -> String {
    i.family.to_string()
}
fn user(i: &Image, _: Date) -> String {
    i.user.to_string()
}
fn package_manager(i: &Image, _: Date) -> String {
    i.package_manager.to_string()
}
fn support(i: &Image, day: Date) -> String {
    match (i.supported_until, i.supported_on(day)) {
        (_, false) => "unsupported".to_owned(),
        (Some(d), true) => d.to_string(),
        (None, true) => "—".to_owned(),
    }
}

const fn column(
    header: &'static str,
    sort: Option<SortKey>,
    cell: fn(&Image, Date) -> String,
) -> Column {
    Column { header, sort, cell }
}

/// The columns after the image name, most important first.
pub const OPTIONAL: [Column; 9] = [
    column("Size", Some(SortKey::Size), size_cell),
    column("Pkgs", Some(SortKey::Packages), packages_cell),
    column("Vulns", Some(SortKey::Vulns), vulns),
    column("Shell", None, shell),
    column("libc", None, libc),
    column("Family", None, family),
    column("User", None, user),
    column("Pkg mgr", None, package_manager),
    column("Support", None, support),
];
pub const OPTIONAL_COLUMNS: usize = OPTIONAL.len();

/// How many optional columns must fit beside the image name before names are shortened.
const CORE: usize = 5;
/// The sort mark in a header.
const SORTED: &str = "▲";

/// Which columns the table shows at a width, and how image names are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub names: Names,
    pub image_width: u16,
    /// Indices into [`OPTIONAL`], left to right.
    pub columns: Vec<usize>,
    pub widths: Vec<u16>,
    /// Optional columns out of view to the left and to the right.
    pub hidden_left: usize,
    pub hidden_right: usize,
}

/// Plans the table for `width` columns of cells (inside the border and the selection mark).
pub fn plan(
    images: &[&Image],
    codes: &Names,
    width: u16,
    offset: usize,
    sort: Option<SortKey>,
    day: Date,
) -> Plan {
    let offset = offset.min(OPTIONAL_COLUMNS - 1);
    let widths: Vec<u16> = OPTIONAL
        .iter()
        .map(|c| {
            let mark = usize::from(sort.is_some() && c.sort == sort);
            let cells = images.iter().map(|i| (c.cell)(i, day).width());
            let w = cells.chain([c.header.width() + mark]).max().unwrap_or(0);
            u16::try_from(w).unwrap_or(u16::MAX)
        })
        .collect();
    let need = |n: usize| -> u16 { widths[offset..offset + n].iter().map(|w| w + 1).sum() };
    let core = need(CORE.min(OPTIONAL_COLUMNS - offset));
    let name_width = |names: &Names| {
        let longest = images
            .iter()
            .map(|i| names.short(&i.reference).width())
            .max();
        u16::try_from(longest.unwrap_or(5) + 2).unwrap_or(u16::MAX)
    };
    // How many columns fit beside names of `image_width`.
    let fitting = |image_width: u16| {
        let mut shown = 0;
        while offset + shown < OPTIONAL_COLUMNS && image_width + need(shown + 1) <= width {
            shown += 1;
        }
        shown
    };
    let full = name_width(&Names::default());
    let short = name_width(codes).min(width.saturating_sub(core)).max(12);
    // Full names unless shortened ones make room for more columns (the core ones first of all).
    let (names, image_width) = if full + core <= width && fitting(full) >= fitting(short) {
        (Names::default(), full)
    } else {
        (codes.clone(), short)
    };
    let shown = fitting(image_width);
    Plan {
        names,
        image_width,
        columns: (offset..offset + shown).collect(),
        widths: widths[offset..offset + shown].to_vec(),
        hidden_left: offset,
        hidden_right: OPTIONAL_COLUMNS - offset - shown,
    }
}

/// The table's block and the chart under it.
pub fn layout(area: Rect, chart_rows: usize, legend_rows: u16) -> (Rect, Option<Rect>) {
    let chart = bars::height(chart_rows);
    let table_min = 4 + legend_rows + 3;
    if area.height >= chart + table_min + 2 {
        let [table, chart] =
            Layout::vertical([Constraint::Min(table_min), Constraint::Length(chart)]).areas(area);
        (table, Some(chart))
    } else {
        (area, None)
    }
}

/// Where the rows of the table start and how many are shown: `(first row's y, rows, offset)`.
pub fn rows_area(table_block: Rect, legend_rows: u16, selected: usize) -> (u16, u16, usize) {
    let rows = table_block.height.saturating_sub(3 + legend_rows);
    (table_block.y + 2, rows, list_offset(selected, rows))
}

/// The legend under the table, wrapped to the table's width.
pub fn legend(names: &Names, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut text = "★ recommended  ⚠ unsupported  ≈ estimate  * illustrative range".to_owned();
    if !names.legend.is_empty() {
        text.push_str("  ·  ");
        text.push_str(&names.legend_text());
    }
    wrap(&[Span::styled(text, theme.dim())], width, 0)
}

/// Everything the pane draws and the mouse needs, for one frame.
#[derive(Debug)]
pub struct Prepared<'a> {
    pub images: Vec<&'a Image>,
    pub plan: Plan,
    /// The names the chart writes: the table's, or codes when the chart needs them and the table not.
    pub chart_names: Names,
    pub legend: Vec<Line<'static>>,
    pub table: Rect,
    pub chart: Option<Rect>,
}

pub fn prepare<'k>(app: &App<'k>, outcome: &Outcome<'k>, area: Rect, theme: Theme) -> Prepared<'k> {
    let day = app.knowledge.status_day(app.today);
    let images = app.compare_rows();
    let compare = &app.panes.compare;
    let selected = images.get(compare.selected).copied();
    let chart_rows = bars::images(outcome, selected);
    let mut everything = images.clone();
    everything.extend(chart_rows.iter().map(|(_, i)| *i));
    let codes = Names::for_images(&everything);
    let plan = plan(
        &images,
        &codes,
        area.width.saturating_sub(3),
        compare.column_offset,
        compare.sort_key(),
        day,
    );
    let chart_names = if plan.names.legend.is_empty() && bars::needs_codes(&chart_rows, area.width)
    {
        codes
    } else {
        plan.names.clone()
    };
    let legend = legend(&chart_names, area.width.saturating_sub(2), theme);
    let legend_rows = u16::try_from(legend.len()).unwrap_or(u16::MAX);
    let (table, chart) = layout(area, chart_rows.len(), legend_rows);
    Prepared {
        images,
        plan,
        chart_names,
        legend,
        table,
        chart,
    }
}

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let day = app.knowledge.status_day(app.today);
    let compare = &app.panes.compare;
    let f = prepare(app, outcome, area, theme);
    let sort = compare.sort_key();
    let rows = f.images.iter().map(|i| {
        let recommended = i.id == outcome.image.id;
        let supported = i.supported_on(day);
        let mark = match (recommended, supported) {
            (true, _) => "★ ",
            (false, false) => "⚠ ",
            _ => "  ",
        };
        let name = truncate(&f.plan.names.short(&i.reference), f.plan.image_width - 2);
        let mut cells = vec![format!("{mark}{name}")];
        cells.extend(f.plan.columns.iter().map(|&c| (OPTIONAL[c].cell)(i, day)));
        let row = Row::new(cells);
        match (recommended, supported) {
            (true, _) => row.style(theme.accent()),
            (false, false) => row.style(theme.warn()),
            _ => row,
        }
    });
    let mark = |header: &str, key: Option<SortKey>| {
        if sort.is_some() && key == sort {
            format!("{header}{SORTED}")
        } else {
            header.to_owned()
        }
    };
    let mut headers = vec![mark("Image", Some(SortKey::Name))];
    headers.extend(
        f.plan
            .columns
            .iter()
            .map(|&c| mark(OPTIONAL[c].header, OPTIONAL[c].sort)),
    );
    let mut widths = vec![Constraint::Length(f.plan.image_width)];
    widths.extend(f.plan.widths.iter().map(|&w| Constraint::Length(w)));

    let scope = if compare.all {
        "images, unsupported too".to_owned()
    } else {
        format!("{} images, supported", outcome.leaf.runtime)
    };
    let order = sort.map_or("catalog order".to_owned(), |s| {
        format!("sorted by {}", s.as_str())
    });
    let title = format!(" {} {scope} · {order} ", f.images.len());
    let mut keys = "s sort · a all".to_owned();
    if f.plan.hidden_left > 0 {
        let _ = write!(keys, " · < {} back", f.plan.hidden_left);
    }
    if f.plan.hidden_right > 0 {
        let _ = write!(keys, " · > {} more", f.plan.hidden_right);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .title(Line::from(format!(" {keys} ")).right_aligned());
    let inner = block.inner(f.table);
    frame.render_widget(block, f.table);
    let legend_rows = u16::try_from(f.legend.len()).unwrap_or(u16::MAX);
    let [table_area, legend_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(legend_rows)]).areas(inner);
    let (_, _, offset) = rows_area(f.table, legend_rows, compare.selected);
    let table = Table::new(rows, widths)
        .header(Row::new(headers).style(theme.title()))
        .row_highlight_style(theme.selected().remove_modifier(Modifier::BOLD))
        .highlight_symbol("▶")
        .flex(Flex::Start);
    let selected = compare.selected.min(f.images.len().saturating_sub(1));
    let mut state = TableState::default()
        .with_offset(offset)
        .with_selected((!f.images.is_empty()).then_some(selected));
    frame.render_stateful_widget(table, table_area, &mut state);
    frame.render_widget(Paragraph::new(f.legend.clone()), legend_area);
    if let Some(chart) = f.chart {
        let selected_image = f.images.get(selected).copied();
        bars::render(outcome, selected_image, &f.chart_names, theme, frame, chart);
    }
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn truncate(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
