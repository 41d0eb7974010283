"""Theme discovery (cjresearch.coding.topics) on a small bilingual survey written for these tests.

Every answer carries the theme it was written for, so discovered themes can be scored. Fits use
the offline multilingual USE embedder; nothing is downloaded.
"""
from __future__ import annotations

import copy
import json
import os

os.environ["HF_HUB_OFFLINE"] = "1"

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cjresearch.coding.base import CODING_COLUMNS, NotFittedError  # noqa: E402
from cjresearch.coding.topics import TopicCoder, min_cluster_size  # noqa: E402
from cjresearch.errors import UserError  # noqa: E402

# (written theme, language, text) per phase
EXPERIENCE = [
    ("late", "es", "El pedido llegó con tres días de retraso y nadie me avisó."),
    ("late", "es", "La entrega llegó tarde, fuera de la franja horaria que elegí."),
    ("late", "es", "Esperé toda la mañana en casa y el repartidor llegó por la tarde."),
    ("late", "es", "Me prometieron entrega en 24 horas y tardó casi una semana."),
    ("late", "es", "El paquete se retrasó dos veces sin ninguna explicación."),
    ("late", "es", "Siempre llegan tarde los envíos, nunca respetan la hora indicada."),
    ("late", "en", "My order arrived three days late and nobody told me."),
    ("late", "en", "The delivery came hours after the time slot I had booked."),
    ("late", "en", "I waited at home all morning and the parcel only showed up in the evening."),
    ("late", "en", "They promised next-day delivery but it took almost a week."),
    ("late", "en", "The package was delayed twice with no explanation at all."),
    ("late", "en", "Deliveries are always late, they never keep to the time window."),
    ("damaged", "es", "La caja llegó aplastada y el jarrón estaba roto."),
    ("damaged", "es", "Dos de los vasos venían rotos dentro del paquete."),
    ("damaged", "es", "El televisor llegó con la pantalla rajada."),
    ("damaged", "es", "El embalaje era pésimo y el producto llegó dañado."),
    ("damaged", "es", "Los huevos llegaron rotos y la bolsa estaba empapada."),
    ("damaged", "es", "Abrí el paquete y la lámpara estaba hecha pedazos."),
    ("damaged", "en", "The box was crushed and the vase inside was broken."),
    ("damaged", "en", "Two of the glasses were smashed when I opened the parcel."),
    ("damaged", "en", "The TV arrived with a cracked screen."),
    ("damaged", "en", "Terrible packaging, the item arrived damaged."),
    ("damaged", "en", "The eggs were broken and the bag was soaked."),
    ("damaged", "en", "I opened the package and the lamp was in pieces."),
    ("refund", "es", "Pedí el reembolso hace un mes y todavía no me han devuelto el dinero."),
    ("refund", "es", "La devolución fue un lío, tuve que llamar cinco veces para que me reembolsaran."),
    ("refund", "es", "Me devolvieron el dinero en dos días, muy rápido."),
    ("refund", "es", "Aún espero el reembolso del producto que devolví."),
    ("refund", "es", "Para devolver un artículo te piden mil formularios y el abono tarda semanas."),
    ("refund", "es", "Me reembolsaron solo una parte del importe, no el total."),
    ("refund", "en", "I asked for a refund a month ago and still haven't got my money back."),
    ("refund", "en", "The return process was a mess, I had to call five times to get refunded."),
    ("refund", "en", "They refunded me within two days, really fast."),
    ("refund", "en", "Still waiting for the refund on the item I sent back."),
    ("refund", "en", "Returning an item takes endless forms and the credit takes weeks."),
    ("refund", "en", "They only refunded part of the amount, not the full price."),
    ("courier", "es", "El repartidor fue muy amable y me subió la compra hasta el quinto piso."),
    ("courier", "es", "El mensajero era simpatiquísimo, me llamó antes de llegar."),
    ("courier", "es", "Qué majo el repartidor, me ayudó a meter las cajas en casa."),
    ("courier", "es", "El chico de la entrega fue educado y muy atento."),
    ("courier", "es", "El transportista sonrió, saludó y esperó a que firmara con calma."),
    ("courier", "es", "Un mensajero encantador, hasta dejó el paquete con la vecina como le pedí."),
    ("courier", "en", "The driver was really friendly and carried the shopping up to the fifth floor."),
    ("courier", "en", "The courier was lovely and called me before arriving."),
    ("courier", "en", "Such a nice delivery guy, he helped me bring the boxes inside."),
    ("courier", "en", "The delivery man was polite and very attentive."),
    ("courier", "en", "The courier smiled, said hello and waited patiently while I signed."),
    ("courier", "en", "A charming driver, he even left the parcel with my neighbour as I asked."),
]

CONSIDERATION = [
    ("compare", "es", "Comparé precios en tres tiendas antes de decidirme."),
    ("compare", "es", "Miré si era más barato en Amazon o en el supermercado."),
    ("compare", "es", "Usé un comparador de precios para ver dónde salía más económico."),
    ("compare", "es", "En la otra tienda el mismo producto costaba cinco euros menos."),
    ("compare", "es", "Antes de comprar siempre comparo el precio con la competencia."),
    ("compare", "es", "Busqué la mejor oferta entre varias webs y esta era la más barata."),
    ("compare", "es", "Me fijé en el precio por kilo para comparar marcas."),
    ("compare", "en", "I compared prices across three shops before deciding."),
    ("compare", "en", "I checked whether it was cheaper on Amazon or at the supermarket."),
    ("compare", "en", "I used a price comparison site to see where it was cheapest."),
    ("compare", "en", "The same product cost five euros less at the other store."),
    ("compare", "en", "Before buying I always compare the price with competitors."),
    ("compare", "en", "I looked for the best deal across several websites and this one was cheapest."),
    ("compare", "en", "I looked at the price per kilo to compare brands."),
    ("reviews", "es", "Leí muchas reseñas antes de comprar y casi todas eran buenas."),
    ("reviews", "es", "Las opiniones de otros clientes me convencieron."),
    ("reviews", "es", "Miré las valoraciones en Google y tenían cuatro estrellas y media."),
    ("reviews", "es", "Me echaron para atrás algunos comentarios negativos sobre el servicio."),
    ("reviews", "es", "Vi vídeos de reseñas en YouTube para saber si merecía la pena."),
    ("reviews", "es", "Confío más en las opiniones de la gente que en la publicidad."),
    ("reviews", "es", "Las reseñas decían que el producto era de buena calidad."),
    ("reviews", "en", "I read lots of reviews before buying and almost all were positive."),
    ("reviews", "en", "Other customers' reviews convinced me."),
    ("reviews", "en", "I checked the Google ratings and they had four and a half stars."),
    ("reviews", "en", "Some negative comments about the service put me off."),
    ("reviews", "en", "I watched review videos on YouTube to see if it was worth it."),
    ("reviews", "en", "I trust what people say in reviews more than the ads."),
    ("reviews", "en", "The reviews said the product was good quality."),
    ("subscription", "es", "La cuota mensual de la suscripción me parecía demasiado alta."),
    ("subscription", "es", "No quería pagar una suscripción anual solo para tener envíos gratis."),
    ("subscription", "es", "Dudé porque la membresía premium cuesta diez euros al mes."),
    ("subscription", "es", "Me preocupaba que la suscripción se renovara sola y me cobraran."),
    ("subscription", "es", "La tarifa de suscripción no compensa si compras poco."),
    ("subscription", "es", "Quería saber si podía cancelar la suscripción sin penalización."),
    ("subscription", "es", "El plan de suscripción tiene una comisión de alta que nadie explica."),
    ("subscription", "en", "The monthly subscription fee seemed too high to me."),
    ("subscription", "en", "I didn't want to pay for an annual membership just for free shipping."),
    ("subscription", "en", "I hesitated because the premium membership costs ten euros a month."),
    ("subscription", "en", "I worried the subscription would auto-renew and charge me."),
    ("subscription", "en", "The subscription fee isn't worth it if you don't order much."),
    ("subscription", "en", "I wanted to know if I could cancel the subscription anytime without a penalty."),
    ("subscription", "en", "The subscription plan has a sign-up fee nobody explains."),
]

# too few answers for themes of their own, and answers with no phase
LOYALTY = [
    ("return", "es", "Volveré a comprar, el servicio fue excelente."),
    ("return", "en", "I'll definitely order again."),
    ("return", "es", "Se lo recomendé a mi hermana."),
    ("churn", "en", "I switched to another shop after this."),
    ("churn", "es", "No pienso volver a pedir nada aquí."),
]
NO_PHASE = [("none", "en", "Hello."), ("none", "es", "Nada más que añadir.")]

# off-topic answers filed under experience: HDBSCAN leaves some of them as outliers
OFF_TOPIC = [
    ("noise", "en", "My cat sleeps all day on the sofa."),
    ("noise", "es", "Mañana juega el Betis contra el Sevilla."),
    ("noise", "en", "I think it might rain this weekend."),
    ("noise", "es", "Me gusta mucho la paella de mi abuela."),
    ("noise", "en", "The new phone has a better camera."),
    ("noise", "es", "Estoy aprendiendo a tocar la guitarra."),
]


def survey() -> pd.DataFrame:
    rows = [(phase, theme, lang, text)
            for phase, items in (("experience", EXPERIENCE), ("consideration", CONSIDERATION),
                                 ("loyalty", LOYALTY), ("none", NO_PHASE))
            for theme, lang, text in items]
    frame = pd.DataFrame(rows, columns=["phase", "theme", "language", "text"])
    frame.index = [f"seg{i}" for i in range(len(frame))]  # positions, not labels, are what count
    return frame


slow = pytest.mark.slow  # the first fit pays for importing bertopic and compiling UMAP (~35 s)

# answers no fit sees: paraphrases of written themes in both languages (phase, theme, language, text)
UNSEEN = [
    ("experience", "late", "es", "Mi compra llegó dos días más tarde de lo prometido."),
    ("experience", "late", "en", "My groceries turned up two days later than promised."),
    ("experience", "refund", "es", "Todavía no me han hecho el reembolso de la devolución."),
    ("experience", "refund", "en", "I'm still waiting to be refunded for my return."),
    ("consideration", "reviews", "es", "Vi las reseñas de otros compradores antes de decidir."),
    ("consideration", "reviews", "en", "I read other buyers' reviews before deciding."),
    ("consideration", "subscription", "es", "La cuota de la suscripción es demasiado cara."),
    ("consideration", "subscription", "en", "The subscription fee is too expensive."),
]


@pytest.fixture(scope="module")
def data():
    return survey()


@pytest.fixture(scope="module")
def fitted(data):
    return TopicCoder(seed=7).fit(data)


@pytest.fixture(scope="module")
def codings(fitted, data):
    return fitted.predict(data)


def themes_of(coder, group):
    themes = coder.themes_
    return themes[(themes.group == group) & (themes.theme_id >= 0)]


def clone(coder):
    """A deep copy that shares the embedder (the USE model holds C pointers and cannot be copied)."""
    return copy.deepcopy(coder, memo={id(coder.embedder_): coder.embedder_})


def with_written(codings, data):
    """Codings joined with the phase, written theme and language of their answer."""
    source = data.iloc[codings.row.to_numpy()]
    return codings.assign(phase=source.phase.to_numpy(), theme=source.theme.to_numpy(),
                          language=source.language.to_numpy())


# ------------------------------------------------------------------------- contract (fast)
def test_unfitted_coder_raises(data):
    with pytest.raises(NotFittedError):
        TopicCoder().predict(data)
    with pytest.raises(NotFittedError):
        TopicCoder().merge_themes("experience", [0, 1])


def test_get_params_round_trip():
    params = TopicCoder(min_topic_size=5, seed=3).get_params()
    assert params["min_topic_size"] == 5 and params["seed"] == 3
    assert TopicCoder(**params).get_params() == params
    assert TopicCoder.origin == "topic"


def test_missing_group_column_is_a_user_error(data):
    with pytest.raises(UserError, match="stage"):
        TopicCoder(group_column="stage").fit(data)


def test_min_cluster_size_scales_with_group():
    assert [min_cluster_size(n) for n in (40, 250, 1000, 50_000)] == [3, 10, 40, 100]


# ------------------------------------------------------------------------- themes
@slow
def test_themes_found_per_phase(fitted):
    for group, items in (("experience", EXPERIENCE), ("consideration", CONSIDERATION)):
        themes = themes_of(fitted, group)
        assert 2 <= len(themes) <= 8, fitted.themes_
        assert themes.theme_id.is_unique
        assert themes["size"].sum() == len(items)  # outliers were given their nearest theme
    assert set(fitted.models_) == {"experience", "consideration"}
    assert fitted.themes_.code.is_unique


@slow
def test_small_and_unphased_groups_get_no_themes(fitted):
    assert fitted.fallbacks_["loyalty"]["method"] == "none"
    assert "none" not in fitted.fallbacks_ and "none" not in set(fitted.themes_.group)
    assert set(fitted.themes_.group) == {"experience", "consideration"}


@slow
def test_theme_rows(fitted, data):
    for _, theme in fitted.themes_.iterrows():
        assert theme.code.startswith(f"{theme.group}:{theme.theme_id}:")
        assert theme.label and theme.words and len(theme.words) <= 8
        assert theme.language in ("es", "en")
        assert len(theme.representative_rows) == min(3, theme["size"])
        assert set(data.phase.iloc[theme.representative_rows]) == {theme.group}


def purity(joined, by, within):
    """Share of answers that sit in the most common ``within`` value of their ``by`` value."""
    return joined.groupby([by, within]).size().groupby(level=0).max().sum() / len(joined)


@slow
def test_written_themes_land_in_one_discovered_theme(codings, data):
    joined = with_written(codings, data)
    for _, group in joined.groupby("phase"):
        assert purity(group, "theme", "code") >= 0.7, group.groupby(["theme", "code"]).size()
        assert purity(group, "code", "theme") >= 0.7, group.groupby(["code", "theme"]).size()


@slow
def test_spanish_and_english_share_themes(codings, data):
    joined = with_written(codings, data)
    modal = joined.groupby(["theme", "language"]).code.agg(lambda c: c.mode().iloc[0]).unstack()
    assert (modal.es == modal.en).all(), modal


@slow
def test_unseen_answers_in_both_languages_find_their_theme(fitted, codings, data):
    joined = with_written(codings, data)
    home = joined.groupby("theme").code.agg(lambda c: c.mode().iloc[0])
    unseen = pd.DataFrame(UNSEEN, columns=["phase", "theme", "language", "text"])
    predicted = fitted.predict(unseen)
    assert list(predicted.row) == list(range(len(unseen)))
    assert (predicted.code.to_numpy() == home[unseen.theme].to_numpy()).all(), predicted


@slow
def test_labels_use_the_theme_majority_language(data):
    # Spanish-only late deliveries and reviews, English-only refunds
    keep = ~(((data.theme == "late") | (data.theme == "reviews")) & (data.language == "en")) \
        & ~((data.theme == "refund") & (data.language == "es"))
    subset = data[keep]
    coder = TopicCoder().fit(subset)
    assert {"es", "en"} <= set(coder.themes_.language)
    for _, theme in coder.themes_.iterrows():
        same = subset[(subset.phase == theme.group) & (subset.language == theme.language)]
        native = " ".join(same.text).lower()
        for word in theme.label.split(" · "):
            assert word in native, (theme.label, theme.language)


# ------------------------------------------------------------------------- predict
@slow
def test_predict_contract(fitted, codings, data):
    assert list(codings.columns) == CODING_COLUMNS
    assert codings.confidence.between(0, 1).all()
    assert (codings.origin == "topic").all() and (codings.coder == "topics").all()
    assert (codings.dimension == "theme").all() and (codings.start == 0).all()
    assert (codings.end.to_numpy() == data.text.str.len().iloc[codings.row].to_numpy()).all()
    assert set(data.phase.iloc[codings.row]) == {"experience", "consideration"}
    assert len(codings) == len(EXPERIENCE) + len(CONSIDERATION)
    assert set(codings.code) <= set(fitted.themes_.code)
    note = json.loads(codings.note.iloc[0])
    assert set(note) == {"label", "group"}


@slow
def test_fit_is_deterministic(fitted, codings, data):
    again = TopicCoder(seed=7).fit(data)
    pd.testing.assert_frame_equal(again.themes_, fitted.themes_)
    pd.testing.assert_frame_equal(again.predict(data), codings)


@slow
def test_small_corpus_gets_themes_and_records_the_fallback(data):
    small = data[data.phase == "consideration"].iloc[::2]  # 21 answers
    coder = TopicCoder().fit(small)
    assert len(themes_of(coder, "consideration")) >= 2
    forced = TopicCoder(min_topic_size=len(small)).fit(small)  # HDBSCAN cannot split it
    fallback = forced.fallbacks_["consideration"]
    assert fallback["method"] == "kmeans" and 2 <= fallback["k"] <= 6 and fallback["reason"]
    assert len(themes_of(forced, "consideration")) == fallback["k"]
    assert len(forced.predict(small)) == len(small)


@slow
def test_outliers_get_no_coding(data):
    noise = pd.DataFrame([("experience", *item) for item in OFF_TOPIC], columns=data.columns)
    noisy = pd.concat([data, noise])
    kept = TopicCoder(reduce_outliers=False).fit(noisy)
    outliers = kept.themes_[kept.themes_.theme_id == -1]
    assert len(outliers) == 1 and outliers["size"].iat[0] >= 1
    predicted = kept.predict(noisy)
    assert len(predicted) < len(EXPERIENCE) + len(CONSIDERATION) + len(OFF_TOPIC)
    assert not predicted.code.str.contains(":-1:").any()
    assert set(predicted.code) <= set(kept.themes_.code[kept.themes_.theme_id >= 0])
    reduced = TopicCoder().fit(noisy)  # outliers were given their nearest theme: all coded
    assert -1 not in set(reduced.themes_.theme_id)
    assert len(reduced.predict(noisy)) == len(EXPERIENCE) + len(CONSIDERATION) + len(OFF_TOPIC)


@slow
def test_merge_makes_one_theme(fitted, data):
    coder = clone(fitted)
    before = coder.predict(data)
    themes = themes_of(coder, "experience")
    old = set(themes.code.iloc[:2])
    code = coder.merge_themes("experience", themes.theme_id.iloc[:2], label="delivery problems")
    assert len(themes_of(coder, "experience")) == len(themes) - 1
    assert len(themes_of(fitted, "experience")) == len(themes)  # the copy changed, not the fixture
    after = coder.predict(data).set_index("row")
    merged = before[before.code.isin(old)]
    assert (after.code.loc[merged.row] == code).all()
    assert not after.code.isin(old - {code}).any()
    assert json.loads(after.note[after.code == code].iloc[0])["label"] == "delivery problems"
    others = before[~before.code.isin(old)]
    assert (after.code.loc[others.row].to_numpy() == others.code.to_numpy()).all()
    with pytest.raises(UserError):
        coder.merge_themes("experience", [0, 99])


@slow
def test_rename_theme(fitted):
    coder = clone(fitted)
    theme = themes_of(coder, "experience").iloc[0]
    coder.rename_theme("experience", theme.theme_id, "llegó tarde")
    renamed = themes_of(coder, "experience").iloc[0]
    assert renamed.label == "llegó tarde" and renamed.code == theme.code
    with pytest.raises(UserError):
        coder.rename_theme("loyalty", 0, "x")


@slow
def test_other_embedders_and_guided_seeds(data):
    tfidf = TopicCoder(embedder="tfidf").fit(data)
    assert len(themes_of(tfidf, "experience")) >= 2
    guided = TopicCoder(seed_words={"refund": ["refund", "reembolso"], "late": ["late", "tarde"]}).fit(data)
    assert len(themes_of(guided, "experience")) >= 2
