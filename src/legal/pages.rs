//! `/impressum`, `/datenschutz`, `/barrierefreiheit`, `/leichte-sprache`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_operator;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::plan::model::PlanInfoResource;
use crate::runtime::operator::Operator;
use crate::runtime::viewer::SESSION_COOKIE;
use crate::ui::errors::ErrorPage;
use crate::ui::format::DateText;

/// Loads the operator's details and renders `page` with them.
fn with_operator<V: IntoView + 'static>(
    page: impl Fn(Operator) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let operator = Resource::new(|| (), |_| get_operator());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let page = page.clone();
                Suspend::new(async move {
                    match operator.await {
                        Ok(operator) => {
                            let notice = operator.placeholder.then(|| view! { <PlaceholderNotice/> });
                            view! { {notice} {page(operator)} }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Said plainly while the details are the shipped placeholders.
#[component]
fn PlaceholderNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice--warning" role="note">
            <p>
                <strong>{t_string!(i18n, rechtliches.placeholder_title)}": "</strong>
                {t_string!(i18n, rechtliches.placeholder_text)}
            </p>
        </div>
    }
}

/// Lines of a postal address.
#[component]
fn Lines(lines: Vec<String>) -> impl IntoView {
    let count = lines.len();
    view! {
        <p>
            {lines.into_iter().enumerate().map(|(i, line)| view! {
                {line}
                {(i + 1 < count).then(|| view! { <br/> })}
            }).collect_view()}
        </p>
    }
}

/// An e-mail address; a link only when it is a real one.
#[component]
fn Email(address: String, placeholder: bool) -> impl IntoView {
    if placeholder || !address.contains('@') {
        view! { <span>{address}</span> }.into_any()
    } else {
        let href = format!("mailto:{address}");
        view! { <a href=href>{address}</a> }.into_any()
    }
}

/// E-mail and, where given, telephone.
#[component]
fn Contact(email: String, phone: String, placeholder: bool) -> impl IntoView {
    let i18n = use_i18n();
    let phone = (!phone.trim().is_empty()).then(|| {
        view! { <li>{t_string!(i18n, rechtliches.phone)}" "{phone}</li> }
    });
    view! {
        <ul class="plain-list">
            <li>{t_string!(i18n, rechtliches.email)}" "<Email address=email placeholder/></li>
            {phone}
        </ul>
    }
}

#[component]
pub fn ImprintPage() -> impl IntoView {
    let i18n = use_i18n();
    let PlanInfoResource(plan) = expect_context::<PlanInfoResource>();
    view! {
        <Title text=t_string!(i18n, rechtliches.imprint_title).to_string()/>
        <h1>{t_string!(i18n, rechtliches.imprint_title)}</h1>
        {with_operator(move |operator: Operator| {
            let placeholder = operator.placeholder;
            let provider = operator.provider;
            let represented = (!provider.represented_by.trim().is_empty()).then(|| view! {
                <p>{t_string!(i18n, rechtliches.imprint_represented_by)}" "{provider.represented_by.clone()}</p>
            });
            let register = (!provider.register.trim().is_empty()).then(|| view! {
                <p>{t_string!(i18n, rechtliches.imprint_register)}" "{provider.register.clone()}</p>
            });
            view! {
                <section aria-labelledby="anbieter">
                    <h2 id="anbieter">{t_string!(i18n, rechtliches.imprint_provider)}</h2>
                    <p><strong>{provider.name.clone()}</strong></p>
                    <Lines lines=provider.address.clone()/>
                    {represented}
                    {register}
                </section>
                <section aria-labelledby="kontakt">
                    <h2 id="kontakt">{t_string!(i18n, rechtliches.imprint_contact)}</h2>
                    <Contact email=provider.email.clone() phone=provider.phone.clone() placeholder/>
                </section>
                <section aria-labelledby="inhalt-verantwortlich">
                    <h2 id="inhalt-verantwortlich">{t_string!(i18n, rechtliches.imprint_content)}</h2>
                    <p>{operator.content.name.clone()}</p>
                    <Lines lines=operator.content.address.clone()/>
                </section>
            }
        })}
        <section aria-labelledby="inhalte">
            <h2 id="inhalte">{t_string!(i18n, rechtliches.imprint_data_title)}</h2>
            <p>{t_string!(i18n, rechtliches.imprint_data_text)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    plan.await.ok().flatten().map(|plan| view! {
                        <p>
                            {t_string!(i18n, rechtliches.imprint_plan)}" „"{plan.title}"“, "
                            {t_string!(i18n, rechtliches.imprint_plan_owner)}" "{plan.owner}
                        </p>
                    })
                })}
            </Suspense>
        </section>
        <section aria-labelledby="links">
            <h2 id="links">{t_string!(i18n, rechtliches.imprint_links_title)}</h2>
            <p>{t_string!(i18n, rechtliches.imprint_links_text)}</p>
        </section>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, rechtliches.privacy_title).to_string()/>
        <h1>{t_string!(i18n, rechtliches.privacy_title)}</h1>
        {with_operator(move |operator: Operator| {
            let placeholder = operator.placeholder;
            let privacy = operator.privacy;
            let officer = (!privacy.officer.trim().is_empty()).then(|| view! {
                <p>{t_string!(i18n, rechtliches.privacy_officer)}" "{privacy.officer.clone()}</p>
            });
            view! {
                <section aria-labelledby="kurz">
                    <h2 id="kurz">{t_string!(i18n, rechtliches.privacy_summary_title)}</h2>
                    <ul>
                        <li>{t_string!(i18n, rechtliches.privacy_summary_1)}</li>
                        <li>{t_string!(i18n, rechtliches.privacy_summary_2)}</li>
                        <li>{t_string!(i18n, rechtliches.privacy_summary_3)}</li>
                    </ul>
                </section>
                <section aria-labelledby="verantwortlich">
                    <h2 id="verantwortlich">{t_string!(i18n, rechtliches.privacy_controller_title)}</h2>
                    <p><strong>{operator.provider.name.clone()}</strong></p>
                    <Lines lines=operator.provider.address.clone()/>
                    <Contact email=privacy.email.clone() phone=String::new() placeholder/>
                    {officer}
                </section>
                <section aria-labelledby="lesen">
                    <h2 id="lesen">{t_string!(i18n, rechtliches.privacy_reading_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.privacy_reading_text)}" "{privacy.hosting.clone()}</p>
                    <p>{t_string!(i18n, rechtliches.privacy_reading_logs)}" "{privacy.log_days}</p>
                    <p>{t_string!(i18n, rechtliches.privacy_reading_basis)}</p>
                </section>
                <section aria-labelledby="cookies">
                    <h2 id="cookies">{t_string!(i18n, rechtliches.privacy_cookies_title)}</h2>
                    <ul>
                        <li>{t_string!(i18n, rechtliches.privacy_cookie_language)}</li>
                        <li>"„"{SESSION_COOKIE}"“ "{t_string!(i18n, rechtliches.privacy_cookie_session)}</li>
                    </ul>
                    <p>{t_string!(i18n, rechtliches.privacy_cookies_basis)}</p>
                </section>
                <section aria-labelledby="konten">
                    <h2 id="konten">{t_string!(i18n, rechtliches.privacy_accounts_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.privacy_accounts_text)}</p>
                    <p>{t_string!(i18n, rechtliches.privacy_signin_text)}</p>
                </section>
                <section aria-labelledby="protokoll">
                    <h2 id="protokoll">{t_string!(i18n, rechtliches.privacy_history_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.privacy_history_text)}</p>
                </section>
                <section aria-labelledby="betroffene">
                    <h2 id="betroffene">{t_string!(i18n, rechtliches.privacy_no_cases_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.privacy_no_cases_text)}</p>
                </section>
                <section aria-labelledby="rechte">
                    <h2 id="rechte">{t_string!(i18n, rechtliches.privacy_rights_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.privacy_rights_text)}" "<Email address=privacy.email.clone() placeholder/></p>
                    <p>{t_string!(i18n, rechtliches.privacy_complaint)}</p>
                    <Lines lines=privacy.authority.clone()/>
                </section>
            }
        })}
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, rechtliches.a11y_title).to_string()/>
        <h1>{t_string!(i18n, rechtliches.a11y_title)}</h1>
        {with_operator(move |operator: Operator| {
            let placeholder = operator.placeholder;
            let a11y = operator.accessibility;
            let web = a11y.enforcement_web.clone();
            view! {
                <p>{t_string!(i18n, rechtliches.a11y_intro)}</p>
                <section aria-labelledby="stand">
                    <h2 id="stand">{t_string!(i18n, rechtliches.a11y_status_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.a11y_status_text)}</p>
                    <p>{t_string!(i18n, rechtliches.a11y_method)}</p>
                </section>
                <section aria-labelledby="luecken">
                    <h2 id="luecken">{t_string!(i18n, rechtliches.a11y_gaps_title)}</h2>
                    <ul>
                        <li>{t_string!(i18n, rechtliches.a11y_gap_pdf)}</li>
                        <li>{t_string!(i18n, rechtliches.a11y_gap_content)}</li>
                        <li>{t_string!(i18n, rechtliches.a11y_gap_easy)}</li>
                        <li>{t_string!(i18n, rechtliches.a11y_gap_charts)}</li>
                    </ul>
                </section>
                <p>{t_string!(i18n, rechtliches.a11y_prepared)}" "<DateText date=Some(a11y.prepared_on)/>"."</p>
                <section aria-labelledby="melden">
                    <h2 id="melden">{t_string!(i18n, rechtliches.a11y_feedback_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.a11y_feedback_text)}</p>
                    <p><strong>{operator.provider.name.clone()}</strong></p>
                    <Contact email=a11y.email.clone() phone=a11y.phone.clone() placeholder/>
                </section>
                <section aria-labelledby="durchsetzung">
                    <h2 id="durchsetzung">{t_string!(i18n, rechtliches.a11y_enforcement_title)}</h2>
                    <p>{t_string!(i18n, rechtliches.a11y_enforcement_text)}</p>
                    <Lines lines=a11y.enforcement_body.clone()/>
                    <ul class="plain-list">
                        <li>{t_string!(i18n, rechtliches.email)}" "<Email address=a11y.enforcement_email.clone() placeholder=false/></li>
                        <li>{t_string!(i18n, rechtliches.web)}" "<a href=web.clone() class="break-anywhere">{web.clone()}</a></li>
                    </ul>
                </section>
            }
        })}
    }
}

/// Leichte Sprache is German by nature: the page is German in both languages, and an
/// English reader gets one sentence saying what it is.
#[component]
pub fn EasyLanguagePage() -> impl IntoView {
    let i18n = use_i18n();
    let german = Locale::de;
    let english = (i18n.get_locale_untracked() == Locale::en).then(|| {
        view! { <p lang="en">{td_string!(german, leichte_sprache.english_note)}</p> }
    });
    macro_rules! section {
        ($id:literal, $title:ident, [$($line:ident),*]) => {
            view! {
                <section aria-labelledby=$id>
                    <h2 id=$id>{td_string!(german, leichte_sprache.$title)}</h2>
                    $(<p>{td_string!(german, leichte_sprache.$line)}</p>)*
                </section>
            }
        };
    }
    view! {
        <Title text=td_string!(german, leichte_sprache.title).to_string()/>
        <div class="easy-language" lang="de">
            <h1>{td_string!(german, leichte_sprache.title)}</h1>
            {english}
            {section!("was", intro_title, [intro_1, intro_2, intro_3, intro_4])}
            {section!("amt", office_title, [office_1, office_2, office_3, office_4])}
            {section!("versprochen", promise_title, [promise_1, promise_2, promise_3, promise_4, promise_5, promise_6])}
            {section!("wer", who_title, [who_1, who_2, who_3, who_4])}
            {section!("woerter", dates_title, [dates_soll, dates_prognose, dates_ueberfaellig, dates_erledigt])}
            {section!("benutzen", use_title, [use_1, use_2, use_3, use_4, use_5])}
            {section!("speichern", privacy_title, [privacy_1, privacy_2])}
            {with_operator(move |operator: Operator| view! {
                <section aria-labelledby="fragen">
                    <h2 id="fragen">{td_string!(german, leichte_sprache.help_title)}</h2>
                    <p>{td_string!(german, leichte_sprache.help_1)}" "<Email address=operator.accessibility.email.clone() placeholder=operator.placeholder/></p>
                    <p>{td_string!(german, leichte_sprache.help_2)}</p>
                </section>
            })}
        </div>
    }
}
