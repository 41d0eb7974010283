"""Builds planted_es.jsonl and planted_en.jsonl: interview/survey sentences with invented personal
data and gold spans as character offsets.

Sentences are written with inline marks, ``Llámame al {{PHONE:612 345 678}}``; slots like
``<PHONE>`` are filled from small pools (seeded), each slot template twice. Items without marks
are negatives (prices, dates, years, order totals, product names, words that look like names).
Every person, number and address here is invented.

    python tests/data/redaction/make_planted.py   # rewrites the two .jsonl files beside it
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\{\{([A-Z]+):(.+?)\}\}")
SLOT = re.compile(r"<([A-Z]+)>")


def dni(n: int) -> str:
    return f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def iban(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    raw = f"{country}{98 - int(num) % 97:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def luhn_complete(prefix: str) -> str:
    for d in "0123456789":
        digits = prefix + d
        total = sum((int(c) * 2 - 9 if int(c) * 2 > 9 else int(c) * 2) if i % 2 else int(c)
                    for i, c in enumerate(reversed(digits)))
        if total % 10 == 0:
            return " ".join(digits[i:i + 4] for i in range(0, 16, 4))
    raise ValueError(prefix)


POOLS = {
    "es": {
        "PHONE": ["612 345 678", "+34 612 345 678", "612345678", "91 234 56 78", "0034 699 112 233",
                  "654.321.987", "+34 91 555 12 34", "722 18 44 09", "(+34) 633 221 100", "688-902-114"],
        "EMAIL": ["mjperez78@correo.es", "jl.fernandez@buzon.com", "angela_nunez@mail.es",
                  "rosa.delgado.c@proveedor.net", "m.lago+cesta@correo.es", "inigo.urrutia@txoko.eus"],
        "URL": ["https://www.tiendaverde.es/ofertas", "www.bancoazul.es", "cestaverde.es/ayuda",
                "http://seguroshogar.com/poliza?id=42", "https://facebook.com/rosa.delgado.campos",
                "viajesolano.com/reservas/8812"],
        "ADDR": ["Calle Mayor 12, 3ºB", "C/ Alcalá 245, 4º izquierda", "Avenida de la Constitución 8, 41001 Sevilla",
                 "Paseo de Gracia 43, 08007 Barcelona", "Plaza del Pilar 3, bajo", "calle Sierpes 21",
                 "Camino de Ronda 102, 18004 Granada", "Avda. Blasco Ibáñez 56, pta. 12",
                 "c/ San Vicente Mártir 71", "calle Ercilla nº 9, 2º D, 48009 Bilbao"],
        "NAME": ["María José", "maria jose perez", "MARÍA JOSÉ PÉREZ GIL", "José Luis", "Fernández-Ortega",
                 "Ángela", "angela nuñez", "Luz Marina", "Íñigo", "inigo urrutia", "Begoña", "Beatriz",
                 "Mercedes Lago", "Rosa Delgado", "Pérez Gil", "Urrutia", "Caballero Sanz", "Ríos Soto"],
        "TERM": ["Frutas Ortega", "Colegio San Bartolo", "Residencia Los Almendros", "Talleres Arrieta",
                 "frutas ortega", "colegio san bartolo"],
        "DOC": [dni(48213657), dni(12345678), "X1234567" + "TRWAGMYFPDXBNJZSQVHLCKE"[1234567 % 23],
                dni(70211384)[:8] + "-" + dni(70211384)[8], "Y-7654321-" + "TRWAGMYFPDXBNJZSQVHLCKE"[17654321 % 23]],
        "IBAN": [iban("ES", "21000418450200051332"), iban("ES", "00491500051234567892"),
                 iban("ES", "20385778983000760236").replace(" ", "")],
        "CARD": [luhn_complete("453914880343646"), luhn_complete("516734001298443"),
                 luhn_complete("401288888888188").replace(" ", "-")],
        "ORDER": ["4821937", "CV-2026-88412", "77310452", "R-550193"],
    },
    "en": {
        "PHONE": ["07700 900123", "+44 7700 900 456", "020 7946 0958", "0161 496 0000", "(555) 123-4567",
                  "555-201-7788", "+1 415 555 0132", "+353 87 123 4567", "087 123 4567",
                  "+44 (0)117 496 0123", "1-800-555-0199"],
        "EMAIL": ["siobhan.oc@mailbox.ie", "g.whitaker-lowe@postbox.co.uk", "priyanka.d@inbox.com",
                  "grace_h84@mail.com", "chidi.okafor@example-mail.net", "zoe@fairbrother.family"],
        "URL": ["https://www.greengrocer.co.uk/basket", "www.shopfast.com/deals", "bankly.com/help",
                "http://travelnest.ie/bookings/7781", "https://instagram.com/zoe.fairbrother",
                "quickcover.co.uk/claims"],
        "ADDR": ["12 Baker Street", "221B Baker Street", "Flat 3, 17 Elm Grove", "14 Ashford Road, Bristol BS1 4DJ",
                 "45 Kingsley Avenue", "Apartment 6, 88 Canal Street, Manchester M1 3HE", "9 Orchard Close",
                 "2 Wellington Terrace, Leeds LS6 2QT", "Austin, TX 78701", "61 Harrow Lane"],
        "NAME": ["Siobhán", "siobhan", "O'Connell", "Graham Whitaker-Lowe", "graham", "Whitaker-Lowe",
                 "Priyanka", "priyanka deshmukh", "Grace Harlow", "Harlow", "Will Ashby", "Ashby", "Zoë",
                 "zoe fairbrother", "Mark Bennett", "Chidi", "Okafor", "Owen Price", "Deshmukh"],
        "TERM": ["Ashgrove Primary", "Fenwick Dental", "Harbourside Logistics", "St Brigid's",
                 "ashgrove primary", "harbourside logistics"],
        "DOC": ["JT 48 21 93 B", "AB 98 76 54 A", "NP123456C"],
        "IBAN": [iban("GB", "WEST12345698765432"), iban("IE", "AIBK93115212345678"),
                 iban("GB", "NWBK60161331926819").replace(" ", "")],
        "CARD": [luhn_complete("453914880343646"), luhn_complete("516734001298443"),
                 luhn_complete("401288888888188").replace(" ", "-")],
        "ORDER": ["7734229108", "K7Q2-88412", "HX-4482913", "55120937"],
    },
}

SLOT_TEMPLATES = {
    "es": [
        "Si tenéis dudas me podéis llamar al <PHONE>, a partir de las siete estoy en casa.",
        "El repartidor me llamó al <PHONE> y yo estaba en la ducha, así que perdí la franja.",
        "Les di mi móvil, el <PHONE>, y aun así nunca avisan cuando el pedido se retrasa.",
        "En la encuesta puse el fijo, <PHONE>, porque el móvil casi no lo miro.",
        "Mándame el enlace a <EMAIL> y lo reviso con calma esta noche.",
        "La factura me llega a <EMAIL>, pero la mitad de las veces se va a spam.",
        "Me registré con <EMAIL> y luego no había manera de cambiar el correo en la app.",
        "Yo lo vi en <URL>, ahí ponía que el envío era gratis a partir de 60 euros.",
        "Para reclamar te mandan a <URL> y es un laberinto de formularios.",
        "La oferta del seguro la encontré en <URL> comparando precios un domingo.",
        "Vivo en <ADDR>, y el portal no tiene ascensor, así que las garrafas de agua son un drama.",
        "Me lo dejaron en <ADDR> en vez de en mi casa, que es el número de al lado.",
        "La dirección de entrega es <ADDR>; la de facturación es otra porque es la de mis padres.",
        "Cuando nos mudamos a <ADDR> tuvimos que cambiar el banco de oficina.",
        "Yo esto lo hablé con <NAME> y pensaba lo mismo sobre las sustituciones.",
        "Mi vecina dice que <NAME> siempre pide los jueves por la tarde.",
        "Le pregunté a <NAME> si el seguro cubría la rotura del móvil y no tenía ni idea.",
        "Eso lo contó <NAME> en la primera sesión, lo del cargo duplicado en la tarjeta.",
        "La entrevistadora le preguntó a <NAME> por la app del banco y se rio.",
        "Trabajo de administrativa en <TERM> y salgo tarde, por eso pido a domicilio.",
        "Los niños van al <TERM> y recogerlos me come toda la tarde.",
        "Mi madre está en la <TERM> y le hago la compra desde allí.",
        "Para verificar la cuenta me pidieron el DNI, <DOC>, y una foto de la cara.",
        "Domicilié los recibos en la cuenta <IBAN> y aun así me cobraron por transferencia.",
        "El documento que me pidieron era el <DOC>; lo mandé tres veces.",
        "Mi pedido <ORDER> llegó sin los yogures y nadie me contestó.",
        "Abrí una incidencia con el número de pedido <ORDER> y me dijeron que esperara 48 horas.",
        "La póliza <ORDER> se renovó sola y con un 20 % más de precio.",
        "Hola, soy <NAME>, mi teléfono es <PHONE> por si hace falta repetir algo.",
        "Escríbeme a <EMAIL> o llámame al <PHONE>, lo que te venga mejor.",
        "Vivo en <ADDR>; si el repartidor llama al <PHONE> bajo yo.",
        "<NAME> me recomendó la tarifa de fibra de 300 megas y la verdad es que va bien.",
        "La reserva del hotel la hizo <NAME> desde <URL> y salió más barata.",
        "Mi cuñada, que vive en <ADDR>, usa la misma app que yo.",
        "Compré el seguro de viaje en <URL> porque lo recomendaba <NAME>.",
        "Mi hija va al <TERM> y su tutora me escribe desde <EMAIL>.",
        "En el formulario de alta puse el NIE, <DOC>, y me dio error dos veces.",
        "Mandé la reclamación del pedido <ORDER> a <EMAIL> y nada.",
        "Nos conocimos en el grupo de WhatsApp del <TERM>, ahí estaba también <NAME>.",
        "Cuando cambié de compañía me portaron el <PHONE> sin problema, eso sí.",
        "La tarjeta <CARD> me la bloquearon por un pago en una web de viajes.",
        "El técnico de la fibra vino a <ADDR> y no traía el router nuevo.",
        "Me dijo <NAME> que en <URL> había cupones de descuento.",
        "A veces compro en <TERM> porque está al lado de casa y me fían.",
        "Le dejé el recado a <NAME>, la de atención al cliente, que me llamara al <PHONE>.",
        "El paquete iba a nombre de <NAME> a <ADDR> y acabó en Correos.",
        "Para el reembolso del vuelo me pidieron el IBAN, <IBAN>, y tardaron un mes.",
        "Te paso mi correo, <EMAIL>, que el otro ya no lo uso.",
        "Me escribieron desde <EMAIL> diciendo que mi cuenta estaba bloqueada, era un timo.",
        "Mi número nuevo es el <PHONE>, el antiguo lo di de baja con la portabilidad.",
    ],
    "en": [
        "If anything's unclear just ring me on <PHONE>, I'm usually home after six.",
        "The driver called <PHONE> while I was in the shower, so I missed the slot.",
        "I gave them my mobile, <PHONE>, and they still never text when it's late.",
        "On the survey I put the landline, <PHONE>, because I hardly check my mobile.",
        "Send the link to <EMAIL> and I'll have a proper look tonight.",
        "The bill goes to <EMAIL>, but half the time it ends up in spam.",
        "I signed up with <EMAIL> and then there was no way to change it in the app.",
        "I saw it on <URL>, it said delivery was free over forty quid.",
        "To complain they send you to <URL> and it's a maze of forms.",
        "I found the insurance deal on <URL> comparing prices one Sunday.",
        "I live at <ADDR> and there's no lift, so the big water packs are a nightmare.",
        "They left it at <ADDR> instead of my place, which is next door.",
        "Delivery address is <ADDR>; billing is different because it's my parents'.",
        "When we moved to <ADDR> we had to switch bank branches.",
        "I talked this through with <NAME> and they felt the same about substitutions.",
        "My neighbour says <NAME> always orders on Thursday evenings.",
        "I asked <NAME> whether the policy covered a cracked phone screen and nobody knew.",
        "That came up with <NAME> in the first session, the double charge on the card.",
        "The interviewer asked <NAME> about the banking app and got a laugh.",
        "I work in admin at <TERM> and finish late, so home delivery it is.",
        "The kids go to <TERM> and the school run eats my whole afternoon.",
        "My mum's care home is next to <TERM>, so I order her shopping from there.",
        "To verify the account they wanted my National Insurance number, <DOC>, and a selfie.",
        "The full card number, <CARD>, was printed on the receipt, which is mad.",
        "The refund went to account <IBAN> and still took three weeks.",
        "My order <ORDER> arrived without the yoghurts and nobody replied.",
        "I raised a ticket with order number <ORDER> and they said wait 48 hours.",
        "Policy number <ORDER> renewed itself at 20% more.",
        "Hi, I'm <NAME>, my number is <PHONE> in case you need to check anything.",
        "Email me at <EMAIL> or call <PHONE>, whichever suits.",
        "I'm at <ADDR>; if the driver rings <PHONE> I'll come down.",
        "<NAME> recommended the 300 meg broadband and honestly it's fine.",
        "<NAME> booked the hotel through <URL> and it came out cheaper.",
        "My sister-in-law, who lives at <ADDR>, uses the same app.",
        "I bought travel cover on <URL> because <NAME> swore by it.",
        "My daughter goes to <TERM> and her teacher emails from <EMAIL>.",
        "On the sign-up form I typed my NI number, <DOC>, and it errored twice.",
        "I sent the complaint about order <ORDER> to <EMAIL> and heard nothing.",
        "We met in the parents' WhatsApp group for <TERM>, <NAME> was in it too.",
        "When I switched networks they ported <PHONE> with no fuss, to be fair.",
        "They blocked card <CARD> after a payment on a travel site.",
        "The broadband engineer came to <ADDR> without the new router.",
        "<NAME> told me there were discount codes on <URL>.",
        "Sometimes I shop near <TERM> because it's on my way home.",
        "I left a message with <NAME> in customer services to call me on <PHONE>.",
        "The parcel was addressed to <NAME> at <ADDR> and ended up at the depot.",
        "For the flight refund they asked for my IBAN, <IBAN>, and it took a month.",
        "Here's my email, <EMAIL>, I don't use the old one any more.",
        "I got an email from <EMAIL> saying my account was locked, it was a scam.",
        "My new number is <PHONE>, I cancelled the old one when I switched.",
    ],
}

# Hand-marked items: names in hard positions, and negatives (no marks) that look like PII.
FIXED = {
    "es": [
        "Le dije a {{NAME:Rosa}} que la camiseta rosa era más bonita que la azul.",
        "La factura de la luz ha subido un 30 % desde enero, y eso que ponemos la lavadora de noche.",
        "Mi marido se compró un Mercedes de segunda mano y ahora el seguro nos cuesta el doble.",
        "Hablé con {{NAME:Mercedes}} el martes y me contó lo del reembolso.",
        "La señora {{NAME:Luz Marina}} nos atendió en la tienda.",
        "Al final fue {{NAME:MARÍA JOSÉ}} quien organizó la compra para toda la familia.",
        "Pagué 49,90 € por la cesta grande y encima faltaban las manzanas.",
        "El pedido del 12/03/2024 llegó a las 22:15, fuera de la franja.",
        "Soy cliente desde 2019 y nunca había tenido un problema así.",
        "El total del pedido fueron 87,35 euros con el descuento de bienvenida.",
        "La tarifa de 30 GB cuesta 19,99 €/mes y la fibra de 600 megas 35 euros.",
        "La empresa facturó 900.000.000 euros el año pasado, según la radio.",
        "Compré 3 kilos de naranjas y medio litro de aceite por 12,40 €.",
        "El 15 de marzo cambiaron las condiciones del seguro sin avisar.",
        "En la Plaza Mayor había un puesto de la app regalando bolsas.",
        "Usé el código VERANO25 y me descontaron 5 euros.",
        "Llamé al 900 de atención al cliente y me tuvieron 40 minutos en espera.",
        "El vuelo IB 3166 salió con dos horas de retraso.",
        "Las tarifas de Movistar y Vodafone me parecen todas iguales.",
        "Tengo 2 hijos, de 7 y 4 años, y compramos unas 150 veces al año.",
        "Me cobraron 1.299 euros por el portátil y 89,00 por la garantía ampliada.",
        "El color rosa de la app no me gusta nada, parece de juguete.",
        "El hotel estaba en la calle principal, al lado del mercado.",
        "Entre 2020 y 2023 pedí sobre todo a través de la web.",
        "Lo de la entrega en 24/48 horas es mentira, a mí me llegó en cinco días.",
        "Con el plan Plus de 4,99 al mes el envío sale gratis a partir de 35 €.",
        "La nota que le pongo es un 7 sobre 10, por el precio.",
        "Se me olvidó la clave del banco tres veces en 2025.",
        "El seguro del coche cuesta 412,50 € al año con franquicia de 300.",
        "Pedí el menú para 4 personas y trajeron para 2.",
        "La Sierra de Madrid está a una hora y allí no llega el reparto.",
        "A las 8.30 ya estaba el repartidor en la puerta.",
        "{{NAME:Begoña}} me enseñó a usar el bizum en el móvil.",
        "Según {{NAME:Íñigo Urrutia}}, la app del banco es la mejor que ha usado.",
    ],
    "en": [
        "I told {{NAME:Grace}} the renewal quote was daylight robbery.",
        "The price went up twice last year and nobody warned us.",
        "My brother bought a Mercedes and now his insurance is silly money.",
        "I will say the app is quicker than it used to be.",
        "Spoke to {{NAME:Will}} on Tuesday and he mentioned the refund.",
        "Mrs {{NAME:Harlow}} next door gets the same delivery slot.",
        "It came to £49.99 for the big shop and the apples were missing.",
        "The order on 12/03/2024 turned up at 10.15pm, well outside the slot.",
        "I've been a customer since 2019 and never had an issue like it.",
        "The order total was £87.40 with the welcome discount.",
        "The 30GB plan is £12 a month and the 500Mb broadband is £35.",
        "They made $120 million last year according to the news.",
        "I bought 3 kilos of oranges and a litre of oil for £12.40.",
        "On 15 March they changed the policy terms without telling anyone.",
        "There was a stand in Green Park handing out tote bags.",
        "I used the code SUMMER25 and got £5 off.",
        "I rang the 0800 line and waited 40 minutes on hold.",
        "Flight BA 2490 left two hours late.",
        "Vodafone and EE plans all look the same to me.",
        "I've got 2 kids, aged 7 and 4, and we order about 150 times a year.",
        "They charged £1,299 for the laptop and £89.00 for the extended warranty.",
        "May was a terrible month for deliveries, honestly.",
        "Mark the missing items in the app and they refund you, eventually.",
        "The hotel was on the high street, near the market.",
        "Between 2020 and 2023 I mostly ordered on the website.",
        "Next-day delivery is a joke, mine took five days.",
        "With Plus at £4.99 a month delivery is free over £35.",
        "I'd give it 7 out of 10 because of the price.",
        "I forgot my banking password three times in 2025.",
        "Car insurance is £412.50 a year with a £300 excess.",
        "I ordered the meal kit for 4 people and they sent 2.",
        "At 8.30 the driver was already at the door.",
        "{{NAME:Chidi}} showed me how to split bills in the app.",
        "According to {{NAME:Zoë Fairbrother}}, the bank app is the best she's used.",
        "We booked 2 rooms for 3 nights at £145 a night in June 2024.",
    ],
}

# Written after the redactor, without tuning it to them afterwards: the honest part of the figure.
HARD = {
    "es": [
        "Mi teléfono: {{PHONE:612-34-56-78}}, pero por las mañanas no lo cojo.",
        "Apunta, tlf. {{PHONE:699112233}}, y si no, al fijo.",
        "Vivo en el 3º B de la {{ADDRESS:calle Toledo, número 25}}, justo encima de una farmacia.",
        "Mi correo es {{EMAIL:rosa punto delgado arroba correo punto es}}, con punto entre nombre y apellido.",
        "Me lo apuntó {{NAME:Mª José Pérez}} en un papel y luego lo perdí.",
        "Hablamos con {{NAME:Jose Luis}} y con {{NAME:Fernández Ortega}}, que al final son la misma persona.",
        "En Instagram me encuentras como {{HANDLE:@rosadelgado_c}}, subo fotos de las cestas.",
        "El enlace era {{URL:bit.ly/3xYzQ}} y me pareció sospechoso.",
        "Llámame al {{PHONE:+34612345678}} cuando tengas el presupuesto.",
        "El número de seguimiento es {{ID:1Z999AA10123456784}} y no aparece en la web.",
        "El código postal es el {{ADDRESS:46003}}, en pleno centro.",
        "Lo que dijo {{NAME:ángela}} en el grupo fue que cancelaba la suscripción.",
        "{{NAME:Iñigo}} tiene la cuenta nómina en otro banco y no piensa moverla.",
        "Al móvil de mi marido, {{PHONE:633 44 55 66}}, le llegan los avisos del seguro.",
        "Vivimos en {{ADDRESS:Ronda de Segovia 14, 1º A}}, cerca del mercado.",
        "Le reenvié el correo de {{EMAIL:begona.caballero@correo.es}} a la gestoría.",
        "El 28 de febrero de 2026 nos subieron la cuota un 12 %.",
        "Cogí la línea 6 del metro y el autobús 27 para ir a la tienda.",
        "Uso la talla 38 y siempre me mandan la 40.",
        "Camino 20 minutos hasta el súper más cercano.",
        "La ronda de pagos de 30 euros me pilló sin saldo.",
        "En el Corte Inglés de la planta 3 tienen la sección gourmet.",
        "Llamé al 112 cuando vi el accidente, no tiene nada que ver pero bueno.",
        "Mi hija {{NAME:Luz Marina}} hace la compra los viernes desde el móvil.",
        "Según {{NAME:Urrutia}}, la renovación del seguro es automática.",
        "Mi dirección de facturación es {{ADDRESS:Avenida del Puerto 330, 46023 Valencia}}.",
    ],
    "en": [
        "My number's {{PHONE:07700900123}}, mornings are best.",
        "Email me at {{EMAIL:grace dot harlow at gmail dot com}}, all lowercase.",
        "I'm on Insta as {{HANDLE:@zoe.fairbrother}}, I post the meal kits.",
        "We're at {{ADDRESS:Flat 2B, 10 Downing Road}} if the courier asks.",
        "The postcode is {{ADDRESS:BS8 1TH}}, they always get it wrong.",
        "I spoke to {{NAME:Siobhan O'Connell}} about the switching bonus.",
        "{{NAME:O’Connell}} said the claims line never picks up.",
        "Ask {{NAME:Whitaker Lowe}}, he's the one who set up the joint account.",
        "i told {{NAME:grace}} the renewal was a rip-off.",
        "{{NAME:Will}} said the app kept crashing at checkout.",
        "Call me on {{PHONE:+44 7700 900123}} after five.",
        "The tracking number is {{ID:1Z999AA10123456784}} and it's not on the site.",
        "My card, {{ID:4111 1111 1111 1111}}, got cloned after that booking.",
        "Send it to {{EMAIL:mark.bennett@postbox.co.uk}} and copy in my wife.",
        "{{NAME:Priyanka}}'s husband does the weekly shop now.",
        "We live at {{ADDRESS:33 Wellington Road, Stockport SK4 1AA}}.",
        "I will call them tomorrow about the bill.",
        "Mark my words, they'll put the price up again.",
        "There's a grace period of 14 days before they cancel.",
        "The Harlow branch closed last spring.",
        "Price match promise? I've never seen it work.",
        "The price was £4.50 for a loaf, which is mad.",
        "In 2024 I spent £1,250.00 on takeaways alone.",
        "We had room 214 on floor 3 and the lift was broken.",
        "Flight EI 154 at 14:05 was cancelled with an hour's notice.",
        "Call 999 only in emergencies, obviously.",
    ],
}


def parse(markup: str) -> tuple[str, list[dict]]:
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(markup):
        chunk = markup[pos:m.start()]
        text.append(chunk)
        out_len += len(chunk)
        kind, value = m.group(1), m.group(2)
        spans.append({"start": out_len, "end": out_len + len(value), "kind": kind, "text": value})
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(markup[pos:])
    return "".join(text), spans


def fill(template: str, pools: dict, rng: random.Random) -> str:
    def one(m):
        slot = m.group(1)
        value = rng.choice(pools[slot])
        kind = {"ORDER": "ID", "DOC": "ID", "IBAN": "ID", "CARD": "ID", "ADDR": "ADDRESS"}.get(slot, slot)
        return "{{%s:%s}}" % (kind, value)
    return SLOT.sub(one, template)


def build(lang: str, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    items = []
    for t in SLOT_TEMPLATES[lang]:
        for _ in range(2):
            items.append(fill(t, POOLS[lang], rng))
    items += FIXED[lang]
    sets = ["core"] * len(items) + ["hard"] * len(HARD[lang])
    items += HARD[lang]
    out = []
    for i, (markup, part) in enumerate(zip(items, sets), 1):
        text, spans = parse(markup)
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"]
        out.append({"id": f"{lang}-{i:03d}", "lang": lang, "set": part, "text": text, "spans": spans,
                    "markup": markup})
    return out


def main() -> None:
    for lang in ("es", "en"):
        items = build(lang)
        with open(HERE / f"planted_{lang}.jsonl", "w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(lang, len(items), "items,", sum(len(i["spans"]) for i in items), "gold spans")


if __name__ == "__main__":
    main()
