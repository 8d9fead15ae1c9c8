//! `/{plan}/bearbeiten/tabelle`: the spreadsheet round trip – download the plan's
//! milestones as XLSX, edit them in LibreOffice or Excel, upload the file; and
//! `/{plan}/bearbeiten/tabelle/pruefung/{token}`: the dry run of an upload, with the
//! button that applies it. Plain pages and forms: nothing here needs JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::messages::FieldMessage;
use super::model::{CheckedRow, SheetCheckView};
use super::sheet::{Column, FileProblem};
use super::sheet_api::{get_sheet_check, ApplySheet};
use crate::accounts::pages::RequirePermission;
use crate::domain::access::Permission;
use crate::language::i18n::{t_string, td_string};
use crate::language::{page_locale, use_i18n, Locale};
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::content::german_only;
use crate::ui::errors::{error_message, ErrorPage};
use crate::ui::form::{FileField, SuccessNotice};

/// Below each plan: the file to download and the address the upload posts to.
pub const DOWNLOAD: &str = "/bearbeiten/tabelle/bearbeitung.xlsx";
pub const UPLOAD: &str = "/bearbeiten/tabelle/hochladen";
/// The file input's name.
pub const FILE_FIELD: &str = "datei";

fn breadcrumb(locale: Locale, last: Option<&'static str>) -> impl IntoView {
    let title = td_string!(locale, tabelle.title);
    view! {
        <nav class="breadcrumb" aria-label=td_string!(locale, bearbeiten.breadcrumb)>
            <ol>
                <li><a href=plan_href("/bearbeiten")>{td_string!(locale, bearbeiten.title)}</a></li>
                {match last {
                    None => view! { <li><span aria-current="page">{title}</span></li> }.into_any(),
                    Some(last) => view! {
                        <li><a href=plan_href("/bearbeiten/tabelle")>{title}</a></li>
                        <li><span aria-current="page">{last}</span></li>
                    }.into_any(),
                }}
            </ol>
        </nav>
    }
}

#[component]
pub fn SheetPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, tabelle.title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <SheetStart/>
        </RequirePermission>
    }
}

#[component]
fn SheetStart() -> impl IntoView {
    let locale = page_locale();
    let query = use_query_map();
    let problem = query
        .read_untracked()
        .get("fehler")
        .and_then(|code| FileProblem::from_code(&code));
    let applied = query
        .read_untracked()
        .get("uebernommen")
        .and_then(|n| n.parse::<u32>().ok());
    view! {
        {breadcrumb(locale, None)}
        <h1>{td_string!(locale, tabelle.title)}</h1>
        {applied.map(|count| view! {
            <SuccessNotice message=td_string!(locale, tabelle.applied, count).to_string()/>
        })}
        <p class="intro">{td_string!(locale, tabelle.intro)}</p>
        <ol class="steps">
            <li>
                <h2>{td_string!(locale, tabelle.step_download)}</h2>
                <p>{td_string!(locale, tabelle.download_hint)}</p>
                <p><a class="button button--secondary" href=plan_href(DOWNLOAD) download="">
                    {td_string!(locale, tabelle.download)}
                </a></p>
            </li>
            <li>
                <h2>{td_string!(locale, tabelle.step_edit)}</h2>
                <p>{td_string!(locale, tabelle.edit_hint)}</p>
            </li>
            <li>
                <h2>{td_string!(locale, tabelle.step_upload)}</h2>
                <form method="post" action=plan_href(UPLOAD) enctype="multipart/form-data" novalidate>
                    <FileField name=FILE_FIELD label=td_string!(locale, tabelle.file_label)
                        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        hint=Some(td_string!(locale, tabelle.file_hint))
                        error=problem.map(|problem| problem.message(locale))/>
                    <button type="submit" class="button">{td_string!(locale, tabelle.upload)}</button>
                </form>
            </li>
        </ol>
    }
}

#[component]
pub fn SheetCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, tabelle.check_title)/>
        <RequirePermission permission=Permission::EditMilestones>
            <SheetCheck/>
        </RequirePermission>
    }
}

#[component]
fn SheetCheck() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = use_plan_slug();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(
        move || (slug.clone(), token()),
        |(slug, token)| get_sheet_check(slug, token),
    );
    let locale = page_locale();
    let changed = query.read_untracked().get("veraendert").is_some();
    view! {
        {breadcrumb(locale, Some(td_string!(locale, tabelle.check_title)))}
        <h1>{td_string!(locale, tabelle.check_title)}</h1>
        {changed.then(|| view! {
            <div class="notice notice--warning" role="alert"><p>{td_string!(locale, tabelle.changed_since)}</p></div>
        })}
        <Suspense fallback=move || view! { <p>{td_string!(locale, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <CheckBody view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckBody(view: SheetCheckView) -> impl IntoView {
    let locale = page_locale();
    let slug = use_plan_slug();
    let outcome = ServerAction::<ApplySheet>::new().value().get_untracked();
    let SheetCheckView {
        token,
        file_name,
        uploaded_at,
        changes,
        conflicts,
        problems,
        unchanged,
        fingerprint,
        confirms_as,
        words,
    } = view;
    let (n_changes, n_conflicts, n_problems) = (changes.len(), conflicts.len(), problems.len());
    let failed = match outcome {
        Some(Err(error)) => Some(error_message(locale, &error)),
        _ => None,
    };
    let labelled = |rows: Vec<CheckedRow>| -> Vec<(String, CheckedRow)> {
        rows.into_iter()
            .map(|row| {
                let label = format!(
                    "{} · {} {}: {}",
                    words.numbered(locale, row.package_number),
                    td_string!(locale, tabelle.milestone_no),
                    row.id,
                    row.title
                );
                (label, row)
            })
            .collect()
    };
    let (changes, conflicts) = (labelled(changes), labelled(conflicts));
    let problem_rows = problems
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td>{p.line}</td>
                    <td>{p.column.map(|c| format!("{} ({})", c.letter(), c.name(locale))).unwrap_or_else(|| "–".to_owned())}</td>
                    <td>{p.message}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="intro">
            {td_string!(locale, tabelle.check_intro, file = file_name.clone(), at = uploaded_at.clone()).to_string()}
        </p>
        <ul class="check-summary">
            <li>{td_string!(locale, tabelle.count_changes, count = n_changes).to_string()}</li>
            <li>{td_string!(locale, tabelle.count_conflicts, count = n_conflicts).to_string()}</li>
            <li>{td_string!(locale, tabelle.count_problems, count = n_problems).to_string()}</li>
            <li>{td_string!(locale, tabelle.count_unchanged, count = unchanged).to_string()}</li>
        </ul>
        {failed.map(|message| view! { <div class="error-summary" role="alert"><p>{message}</p></div> })}
        {(n_problems > 0).then(|| view! {
            <section aria-labelledby="tabelle-fehler">
                <h2 id="tabelle-fehler">{td_string!(locale, tabelle.problems_heading)}</h2>
                <p>{td_string!(locale, tabelle.problems_intro)}</p>
                <div class="table-wrap">
                    <table class="data-table">
                        <caption class="visually-hidden">{td_string!(locale, tabelle.problems_heading)}</caption>
                        <thead><tr>
                            <th scope="col">{td_string!(locale, tabelle.col_line)}</th>
                            <th scope="col">{td_string!(locale, tabelle.col_column)}</th>
                            <th scope="col">{td_string!(locale, tabelle.col_problem)}</th>
                        </tr></thead>
                        <tbody>{problem_rows}</tbody>
                    </table>
                </div>
                <p><a class="button button--secondary" href=plan_href("/bearbeiten/tabelle")>{td_string!(locale, tabelle.upload_again)}</a></p>
            </section>
        })}
        {(n_changes > 0).then(|| view! {
            <section aria-labelledby="tabelle-aenderungen">
                <h2 id="tabelle-aenderungen">{td_string!(locale, tabelle.changes_heading)}</h2>
                <ChangeTable rows=changes conflicts=false/>
            </section>
        })}
        {(n_conflicts > 0).then(|| view! {
            <section aria-labelledby="tabelle-konflikte">
                <h2 id="tabelle-konflikte">{td_string!(locale, tabelle.conflicts_heading)}</h2>
                <p>{td_string!(locale, tabelle.conflicts_intro)}</p>
                <ChangeTable rows=conflicts conflicts=true/>
            </section>
        })}
        {if n_problems > 0 {
            view! { <p><strong>{td_string!(locale, tabelle.nothing_saved)}</strong></p> }.into_any()
        } else if n_changes == 0 {
            view! {
                <p>{td_string!(locale, tabelle.nothing_to_apply)}</p>
                <p><a class="button button--secondary" href=plan_href("/bearbeiten/tabelle")>{td_string!(locale, tabelle.upload_again)}</a></p>
            }.into_any()
        } else {
            view! {
                <form action=ApplySheet::PATH method="post" class="sheet-apply">
                    <input type="hidden" name="plan" value=slug/>
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="fingerprint" value=fingerprint/>
                    {(n_conflicts > 0).then(|| view! {
                        <p>{td_string!(locale, tabelle.apply_skips_conflicts, count = n_conflicts).to_string()}</p>
                    })}
                    {confirms_as.map(|organisation| view! {
                        <p class="notice notice--info">
                            {td_string!(locale, tabelle.confirms, organisation = organisation).to_string()}
                        </p>
                    })}
                    <button type="submit" class="button">
                        {td_string!(locale, tabelle.apply, count = n_changes).to_string()}
                    </button>
                </form>
            }.into_any()
        }}
    }
}

/// A table of rows and their changed fields: before and after, or for conflicts, at the
/// download, saved meanwhile and in the file.
#[component]
fn ChangeTable(rows: Vec<(String, CheckedRow)>, conflicts: bool) -> impl IntoView {
    let locale = page_locale();
    let body = rows
        .into_iter()
        .map(|(heading, row)| {
            let span = row.fields.len().max(1).to_string();
            let saved = (conflicts && !row.saved_by.is_empty()).then(|| {
                td_string!(locale, tabelle.saved_by, who = row.saved_by.clone(), when = row.saved_at.clone()).to_string()
            });
            let cells = row
                .fields
                .into_iter()
                .enumerate()
                .map(|(index, field)| {
                    let first = (index == 0).then(|| view! {
                        <th scope="rowgroup" rowspan=span.clone() lang=german_only(locale)>
                            <span class="check__line">{td_string!(locale, tabelle.line, line = row.line).to_string()}</span>
                            " " {heading.clone()}
                            {saved.clone().map(|s| view! { <span class="check__saved">{s}</span> })}
                        </th>
                    });
                    let was = conflicts.then(|| view! { <td lang=german_only(locale)>{empty_dash(&field.was)}</td> });
                    view! {
                        <tr>
                            {first}
                            <td>{column_name(field.column, locale)}</td>
                            {was}
                            <td lang=german_only(locale)>{empty_dash(&field.stored)}</td>
                            <td lang=german_only(locale)><strong>{empty_dash(&field.file)}</strong></td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <tbody>{cells}</tbody> }
        })
        .collect_view();
    let caption = if conflicts {
        td_string!(locale, tabelle.conflicts_heading)
    } else {
        td_string!(locale, tabelle.changes_heading)
    };
    view! {
        <div class="table-wrap">
            <table class="data-table check-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, tabelle.col_milestone)}</th>
                    <th scope="col">{td_string!(locale, tabelle.col_field)}</th>
                    {conflicts.then(|| view! { <th scope="col">{td_string!(locale, tabelle.col_was)}</th> })}
                    <th scope="col">{if conflicts { td_string!(locale, tabelle.col_saved) } else { td_string!(locale, tabelle.col_now) }}</th>
                    <th scope="col">{td_string!(locale, tabelle.col_file)}</th>
                </tr></thead>
                {body}
            </table>
        </div>
    }
}

fn column_name(column: Column, locale: Locale) -> &'static str {
    column.name(locale)
}

fn empty_dash(value: &str) -> String {
    if value.trim().is_empty() {
        "–".to_owned()
    } else {
        value.to_owned()
    }
}
