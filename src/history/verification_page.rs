//! `/{plan}/pruefung`: what the history's hash chain proves and what it does not, where its
//! stand is published, and how anyone checks it (issue 21). Plain HTML, no island.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_chain_stand;
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::plan::model::{plan_href, use_plan_slug};
use crate::ui::errors::ErrorPage;

/// The site's copy of the independent verifier and of its description.
pub const SCRIPT: &str = "/api/v1/historie_pruefen.py";
pub const ALGORITHM: &str = "/api/v1/historie-pruefen.md";

#[component]
pub fn VerificationPage() -> impl IntoView {
    let slug = use_plan_slug();
    let data = Resource::new(move || slug.clone(), get_chain_stand);
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, pruefung.short_title)/>
        <h1>{t_string!(i18n, pruefung.title)}</h1>
        <p class="intro">{t_string!(i18n, pruefung.intro)}</p>
        <section aria-labelledby="stand-der-historie">
            <h2 id="stand-der-historie">{t_string!(i18n, pruefung.head_title)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(stand)) => {
                            let digest = stand.digest();
                            let example = format!(
                                "python3 historie_pruefen.py --stand {digest} \\\n  {}{}",
                                stand.plan_address,
                                super::HISTORY_JSON
                            );
                            view! {
                                <p>
                                    {t_string!(i18n, pruefung.head_text, change_set = stand.change_set).to_string()}
                                    " "
                                    <code class="digest" id="stand">{digest}</code>
                                </p>
                                <p>{t_string!(i18n, pruefung.head_entries, count = stand.entries).to_string()}
                                    " " {t_string!(i18n, pruefung.head_copy)}</p>
                                <h2>{t_string!(i18n, pruefung.how_title)}</h2>
                                <ol>
                                    <li>{t_string!(i18n, pruefung.how_1)}</li>
                                    <li>{t_string!(i18n, pruefung.how_2)}
                                        <pre><code>{example}</code></pre>
                                    </li>
                                    <li>{t_string!(i18n, pruefung.how_3)}</li>
                                </ol>
                                <p>{t_string!(i18n, pruefung.how_4)}</p>
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <p>{t_string!(i18n, pruefung.head_none)}</p> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <h2>{t_string!(i18n, pruefung.proves_title)}</h2>
        <ul>
            <li>{t_string!(i18n, pruefung.proves_1)}</li>
            <li>{t_string!(i18n, pruefung.proves_2)}</li>
            <li>{t_string!(i18n, pruefung.proves_3)}</li>
        </ul>
        <h2>{t_string!(i18n, pruefung.limits_title)}</h2>
        <ul>
            <li>{t_string!(i18n, pruefung.limits_1)}</li>
            <li>{t_string!(i18n, pruefung.limits_2)}</li>
            <li>{t_string!(i18n, pruefung.limits_3)}</li>
        </ul>
        <h2>{t_string!(i18n, pruefung.where_title)}</h2>
        <p>{t_string!(i18n, pruefung.where_text)}</p>
        <h2>{t_string!(i18n, pruefung.files_title)}</h2>
        <ul>
            <li><a href=plan_href(super::HISTORY_JSON)>{t_string!(i18n, pruefung.history_json)}</a></li>
            <li><a href=SCRIPT download="historie_pruefen.py">{t_string!(i18n, pruefung.script)}</a></li>
            <li><a href=ALGORITHM>{t_string!(i18n, pruefung.algorithm)}</a></li>
        </ul>
    }
}
