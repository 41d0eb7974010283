# -*- coding: utf-8 -*-
"""Open answers of the Spanish-language respondents (invented, hand-written).

One answer per line. Optional hints after `` ## `` tell make_survey.py which respondent
profile the answer fits (so a text about "mis tres hijos" never lands on a 23-year-old living
alone):
    f = household with children, f3 = three or more children, k<n> = exactly n children,
    b = baby, toddler or pregnancy (younger parent), t = teenage children (older parent),
    s = lives alone, c = couple,
    h = shared flat, o = 60 or older, y = 30 or younger, p = Cesta Plus member,
    n = not Plus (standard plan), x = churned / switched away, - = lukewarm reason,
    0-3 = severity of an improvement answer (0 nothing/praise, 1 mild, 2 clear complaint,
    3 angry / leaving), city=<Madrid|Valencia|Sevilla>, age=<n> (the answer states the age).
A literal \\n inside an answer is a line break typed by the respondent.
"""

REASONS = r"""
me lo recomendó mi hermana y tenía un código de 10€
Por comodidad. Trabajo hasta las 9 y no llego al súper
no tengo coche y vivo en un cuarto sin ascensor
los niños. con dos críos pequeños ir al super es una pesadilla ## f k2
Vi las furgonetas verdes por el barrio y me picó la curiosidad
El código de bienvenida de 15 euros, para qué engañarnos
mi madre ya no puede cargar peso y se lo pido yo desde casa
porque entregan en franjas de una hora, los demás te tienen toda la mañana esperando
Comparé precios con el Hipercentro y eran parecidos, pero te ahorras el viaje y el parking
una compañera del trabajo
estaba embarazada de 8 meses y no podía ni agacharme ## f b
La recogida en tienda me pilla al lado del trabajo
Precio. La marca propia está muy bien de precio y de calidad
Me mudé a Valencia hace un año, no conocía los supermercados de la zona y esto ya lo tenía en el móvil ## city=Valencia
anuncio en la radio por la mañana
Porque Despensa Ya es carísimo para hacer la compra de la semana
comodidad ante todo
tiempo
Me operaron de la rodilla y estuve dos meses casi sin salir. Una vecina me lo instaló en el móvil ## o
la fruta y la verdura llegan mejor que en otros online que he probado
Por las cajas retornables, menos plástico que en otros sitios
Tenían hueco para el mismo día, los otros para dentro de 4 días
en el grupo de padres del cole lo recomendaban mucho ## f
no me quedaba otra, en mi urbanización no reparte nadie más ## -
Por probar. Y me quedé
la app es muy fácil, la probé un día por curiosidad y en 10 min tenía la compra hecha
teletrabajo y odio perder la hora de la comida en el súper
Somos 5 en casa y la compra no cabía en el maletero ## f f3 k3
por el Plus, con envío gratis compensa mucho ## p
Me regalaron un mes de Plus con el código de un amigo ## p
Soy celíaca y en la app se ve bien qué es sin gluten. En el súper me paso media hora leyendo etiquetas
para el agua y la leche, que pesan
buenas reseñas
Lo vi en un vídeo de una chica que hace batch cooking, hacía la compra con Cesta ## y
la verdad que fue casualidad, buscando "compra online sevilla" salió lo primero ## city=Sevilla
Porque el otro súper online me dejó tirada dos veces
mi pareja lo usaba antes de irnos a vivir juntos ## c
Vivo sola y me da pereza ir cargada ## s
Horarios. Soy enfermera a turnos
porque me salía más barato que ir en taxi al hiper, literalmente
me lo enseñó mi hija ## o
el descuento del primer pedido y que llegaban a casa de mis padres
Comodidad y no tener que llevar a los niños al súper ## f
Calidad del pescado. Lo pedí por probar y me sorprendió
Tenía una oferta de envío gratis en los 3 primeros pedidos
Para no discutir con mis compañeros de piso sobre quién baja a por el agua ## h y
por el folleto del buzón
Estaba harta de las colas del sábado
después de la pandemia me acostumbré a pedir online y Cesta es el que mejor funciona de los que he probado
La opción de marcar "no sustituir" en algunos productos
Porque mi madre tiene 84 años y así le controlo la compra desde aquí
por el precio del Plus comparado con pagar envíos sueltos ## p
cualquier súper grande me pilla lejos y en el de abajo los precios son de risa
Por los horarios de entrega a última hora, a las 22h me viene perfecto
Una amiga me pasó su código. Ella ganaba 10€ y yo también, todos contentos
La trabajadora social nos habló de la compra a domicilio para mi padre, que va en silla de ruedas, y probamos con esta
no sé, ya lo tenía instalado
Sinceramente por el anuncio de la tele, el de la abuela que hace la compra con la tablet
Compré una vez por el descuento y me quedé porque funciona
es lo único que reparte en mi zona a partir de las 8 de la tarde
el aceite de oliva de su marca a buen precio, en casa gastamos mucho
Tengo gemelos de 1 año. ¿Necesito decir más? ## f k2 b
Prefiero gastar mi tiempo libre en otra cosa que no sea empujar un carro
me convencieron las opiniones en foros, la gente decía que la carne era buena
la facilidad para repetir el pedido de la semana anterior
Mi marido lo vio en el trabajo y lo probamos ## c
Gasto menos en caprichos. Online compro lo que necesito y no me tientan las chocolatinas de la caja
me mudé sin coche
En Sevilla en verano, con 40 grados, no salgo a comprar ni loca ## city=Sevilla
Para ayudar a mi abuela, que vive sola
la recogida en tienda es gratis y está al lado de casa
comodidad, precio razonable y puntualidad
Lo usa todo el mundo en mi oficina
Los productos ecológicos, hay bastante variedad
soy vegana y tienen buena sección de bebidas vegetales y tofu, que en mi barrio no encuentro
xq me daba 20€ de descuento
Buscaba un súper online que tuviera de todo, no solo cuatro cosas
Me lo recomendó el portero de la finca, que se pasa el día recogiendo paquetes de Cesta jajaja
La posibilidad de programar la compra semanal
Porque tuve un bebé y durante meses no salía de casa ## f b
costumbre
Por probar una alternativa al hiper, que cada vez está más caro
me ahorro la gasolina y el parking
Conocía la marca de cuando solo estaba en Madrid
Es cómodo pedir desde el sofá un domingo por la noche
tenían todos los productos de mi lista, otros online no tenían ni la mitad
Necesitaba algo fiable para la compra de mis suegros
pq mi novio es un desastre comprando y así hacemos la lista entre los dos ## c
Las franjas horarias cortas y que te avisan cuando el repartidor está cerca
El código de un influencer de cocina, lo confieso ## y
nada en particular, lo probé y bien
"Tu súper sin colas", el cartel del metro. Funcionó conmigo 😅 ## city=Madrid
Porque el súper de mi barrio cerró y el siguiente está a 20 min andando
Un familiar trabaja allí y me habló muy bien
Hago la compra para mi madre y para mí y así lo pido todo de una vez
por las ofertas semanales
me dio confianza que tuvieran teléfono de atención al cliente con personas
Tenía el brazo escayolado
Vivo a las afueras y es de los pocos que llegan hasta aquí
Me cansé de Despensa Ya, que siempre faltaba algo
lo vi en una marquesina
Cuestión de tiempo: entre el trabajo y los niños no llego ## f
por la información de alérgenos, mi hijo es alérgico al huevo ## f
Mejor relación calidad-precio que los otros online que probé
Porque con el Plus me sale el envío gratis y pido cuando quiero ## p
lo recomendaron en un grupo de mamás primerizas ## f b
Recomendación de mi cuñado, que es muy de comparar precios. Si él lo usa, algo será
que puedes elegir si quieres la fruta más verde o más madura, eso no lo había visto en ningún sitio
Para la compra grande del mes. Lo de diario lo compro en el mercado
sin más, me apareció en el móvil
la verdad q por el descuento
Porque es una empresa de aquí y prefiero apoyar lo de aquí
Tengo movilidad reducida
Porque mi marido y yo trabajamos a turnos y no coincidimos nunca para ir a comprar ## c
buen surtido de productos internacionales (soy mexicana y encuentro cosas que echo de menos)
Para tener la despensa llena sin pensar. Tengo una lista fija que se repite cada semana
El repartidor fue majísimo la primera vez y ya me quedé jaja
comparé con 3 sitios y Cesta era el único sin gastos de envío a partir de 40€ (con Plus) ## p
por no cargar
Me lo instaló mi hijo en el móvil para que no fuera al súper con la cadera así ## o
porque mi otro súper online cambió la app y era imposible de usar
La web se ve muy clara, con el precio por kilo bien visible
Por una campaña de Navidad con descuentos en marisco
soy estudiante y somos cinco en el piso, hacemos un pedido gordo al mes ## h y n
Me lo recomendó mi fisio jajaja
rapidez. pedí a las 10 y a las 14h lo tenía en casa
Vivo en el centro y aparcar es imposible
Para los días de lluvia y los de mucho calor
el servicio de atención al cliente me resolvió una duda antes de comprar y me gustó el trato
un código de descuento que venía en la app de mi banco
mi vecina lo usa desde hace años y está encantada
Trabajo desde casa y no quiero salir solo para comprar
que llegan a la hora, que es lo más importante
recomendacion
Probé varios y este es el que tiene menos sustituciones raras
No me acuerdo, hace mucho ya
Mi hermano me regaló un mes de Plus por mi cumpleaños. Regalo raro pero útil jaja ## p
Por mi padre, que tiene alzheimer, y así controlo lo que entra en casa
para poder planificar los menús de la semana
poder mirar con calma, sin agobios y sin gente
Buscaba carne de calidad sin ir a la carnicería, que tiene un horario imposible
el precio de los productos de limpieza de su marca
oferta 2x1 en pañales ## f b
La app de recetas que uso tenía un botón de "comprar ingredientes en Cesta"
Porque en Nervión reparten hasta tarde ## city=Sevilla
Tengo tres hijos y un perro. No hay más preguntas señoría ## f f3 k3
por la cercanía de la tienda de recogida
Pido para mi casa y para la de mi madre desde la misma cuenta, con dos direcciones
empece por una promo y ahora por costumbre
Me pareció más serio que otros porque tienen atención por teléfono
porque no me cobran las bolsas
Soy de Valencia y aquí fue de los primeros en llegar ## city=Valencia
porque la otra app que usaba dejó de repartir en mi barrio
La entrega en el día si pides antes de las 12
Por la calidad de la fruta, de verdad que no me lo esperaba
Lo pedí por primera vez cuando tuve covid y ya no lo dejé
poder hacerla desde el móvil en el bus de vuelta del trabajo
llegué por el descuento, me quedé por los repartidores, que son encantadores
la compra de la semana en 10 min desde favoritos, no hay color
mis hijas, que me insistieron ## o
Soy autónomo y el tiempo es dinero, literal
Para cuando vienen los nietos y hay que comprar mucho ## o
por que me lo recomendaron en el gimnasio
Mi empresa nos da un descuento en el Plus como beneficio social, así que me hice directamente ## p
Comparé el ticket de un mes del hiper con lo mismo en Cesta y la diferencia eran 6 €. Con lo que me ahorro en gasolina, compensa de sobra
Los congelados llegan bien congelados, en otra web me llegaban medio descongelados
Mira, te lo explico: vivo en un tercero sin ascensor, tengo 71 años y una rodilla que no me responde. Mi hija vive en Bilbao. Antes dependía de que una vecina me subiera el agua. Ahora lo pido yo sola, me lo suben hasta la cocina y no le tengo que pedir favores a nadie. Eso para mí es mucho. ## o s age=71
Al principio por el código de descuento.\nDespués porque la fruta venía mejor de lo que pensaba.\nY ahora ya por costumbre, la verdad.
Mi mujer y yo estamos jubilados pero ella no conduce desde lo del ictus, y yo con la espalda no puedo con las garrafas. Mi nieto nos lo puso y nos ha cambiado la semana ## o c
Por descarte: el hiper online tiene franjas de 4 horas, Despensa Ya es para cuatro cosas, y el súper del barrio no tiene web. Quedaba Cesta
Porque puedes ver el precio por kilo/litro en todo y comparar rápido. Parece una tontería pero en otras webs no sale
Nos lo recomendó la matrona ## f b
me daba vergüenza ir cada día al súper de la esquina a por 3 cosas jajaja ## y
No tengo tiempo ni ganas
el envío gratis del primer mes
""".strip("\n")

IMPROVES = r"""
nada ## 0
Más huecos de entrega los domingos por la tarde, siempre están llenos desde el jueves ## 1
que avisen cuando el repartidor va con retraso!!! ## 2
Las sustituciones. Pedí leche sin lactosa y me trajeron normal. Para algunos NO es lo mismo ## 2
La fruta a veces llega muy verde ## 1
el chat es un bot que no entiende nada, quiero hablar con una persona ## 2
Que bajen el Plus. Lo subieron a 6,99 y no ha mejorado nada ## 2 p
nada, todo perfecto ## 0
La app se cuelga justo cuando vas a pagar. Me ha pasado 3 veces ## 2
Me cobraron un producto que no llegó y tardaron 3 semanas en devolverme el dinero. Fatal. ## 3
más productos sin gluten ## 1
mejorar el buscador, si no escribes el nombre exacto no sale nada ## 1
que se pueda pagar en efectivo al repartidor ## 1 o
Demasiadas bolsas de papel, me llegan 8 bolsas para 20 cosas ## 1
Que no cancelen pedidos a última hora sin ofrecer otra franja ## 2
Descuento para familias numerosas, que en todos sitios hay menos en el súper ## 1 f f3
Que el precio final sea el mismo que el del pedido o que expliquen mejor lo de los productos al peso ## 1
El pedido mínimo de 40€ es mucho para una persona que vive sola ## 1 s n
El repartidor dejó la compra en el portal sin avisar y desaparecieron dos bolsas. Nadie se hace responsable ## 3
Nada que mejorar de momento ## 0
más variedad de pescado fresco ## 1
La recogida en tienda nunca está lista a la hora que dicen. Me he llegado a esperar 20 min ## 2
que la retención en la tarjeta sea menor, me bloquean 30€ de más cada semana ## 1
la carne ha bajado de calidad estos últimos meses ## 2
poder dividir el pago entre varias personas (piso compartido) ## 1 h
Que los códigos de descuento digan por qué no se aplican. "Código no válido" no explica nada ## 1
Faltan cosas en casi todos los pedidos grandes. Te lo devuelven, sí, pero hay que estar revisando el ticket producto a producto ## 2 f
todo bien ## 0
Me he pasado a Despensa Ya. Llegabais tarde siempre y nadie daba explicaciones ## 3 x
Darse de baja del Plus es un laberinto, desde la app no se puede. Me cobraron un mes de más ## 3 x
Las letras de la web son muy pequeñas para la gente mayor ## 1 o
Horarios de entrega más temprano, antes de las 8 ## 1
El aguacate siempre llega duro como una piedra jaja ## 1
poder elegir repartidor? es broma. bueno, no del todo, el de los martes es un sol ## 0
Que me pregunten antes de sustituir, no después ## 2
La app gasta mucha batería y a veces se cierra sola ## 1
más ofertas en productos frescos ## 1
Precio. Algunas cosas están bastante más caras que en el súper ## 2
Que el repartidor suba la compra a casa. Me la dejó en el portal y vivo en un quinto ## 2
El tiempo de espera del teléfono, 15 minutos con la musiquita ## 2
nada la verdad ## 0
Los huevos llegaron rotos dos veces. Mejor embalaje para lo frágil ## 1
Ojo con las fechas de caducidad, me llegó un yogur que caducaba al día siguiente ## 2
La opción de "no sustituir" debería verse más, yo no sabía que existía ## 1
Que la app recuerde mis marcas preferidas y no me sugiera otras ## 1
Cobrar 1,50 de "gastos de gestión" al final del todo sin avisar antes me parece una guarrada ## 2
Más marcas locales, productos de la huerta valenciana ## 1 city=Valencia
El pan llega aplastado debajo de las botellas. Siempre. ## 1
Que el Plus incluya algo más que el envío, un descuento en marca propia o algo ## 1 p
atención al cliente por mensajes de texto normales, no solo el chat de la app ## 1
mejorar la web, en el ordenador va lentísima ## 1
Mi pedido llegó con 1h 20min de retraso, sin avisar, y el helado derretido. Me dieron 5€ de saldo. Un chiste ## 3
Las sustituciones a veces son absurdas: pedí tomate triturado y me mandaron ketchup ## 2
franjas de media hora estaría genial ## 1
de momento nada, estoy contento ## 0
Los repartidores van con muchísima prisa, se nota que los presionan ## 1
que vuelvan las cajas retornables, ahora todo viene en bolsas ## 1
Poder modificar el pedido hasta más tarde, ahora se cierra la noche antes ## 1
Me gustaría que el ticket viniera con el desglose de IVA para la empresa ## 1
más productos veganos y que se puedan filtrar ## 1
Que no me manden 4 emails a la semana con ofertas ## 1
El chat tarda mucho en pasarte con una persona y cuando lo hace ya no tienes ganas de nada ## 2
La verdad es que estoy muy contenta, si acaso ampliar las franjas del sábado ## 0
Que el repartidor llame al telefonillo antes de subir, que se presentan en la puerta y los perros se vuelven locos ## 1
Tuve que reclamar un cobro doble y me lo devolvieron rápido, pero no debería pasar ## 2
precios ## 1
que se pueda pagar con el móvil o por transferencia, no todo el mundo quiere dar la tarjeta ## 1
Que la fruta sea de temporada y de aquí, me llegaron naranjas de Sudáfrica en pleno enero en Valencia ## 1 city=Valencia
Las fresas llegaron con moho. Reclamé y me lo devolvieron, eso sí ## 1
ninguna, seguir así ## 0
El buscador no entiende sinónimos. "papel wc" no da resultados ## 1
Que avisen cuando un producto se queda sin stock ANTES de que llegue el pedido, no en la puerta ## 2
los congelados podrían venir en bolsa térmica ## 1
Cuando pides para otra dirección (la de mi madre) el repartidor me llama a mí y no a ella ## 1
Dejad de subir el Plus. Otra subida y me doy de baja ## 2 p
Nada, si acaso que el repartidor no toque el claxon a las 9 de la mañana ## 0
Mejor control de calidad en la carne picada. Olía raro ## 2
Poner más tiendas de recogida en Sevilla, solo hay dos cerca de mí ## 1 city=Sevilla
es más caro que mercadillo, normal, pero podrían tener más ofertas ## 1
que la app funcione sin tener que actualizar cada semana ## 1
Nada. Bueno, los plátanos muy verdes ## 0
Estoy pensando en dejarlo. Últimamente falta algo en cada pedido ## 3
Mejor trato en el teléfono, la última vez me colgaron ## 2
Tener una lista de la compra compartida con mi pareja en la app ## 1 c
Me encantaría poder elegir la hora exacta, aunque cueste un poco más ## 1
que los productos en oferta tengan stock, siempre se agotan ## 1
nada que añadir ## 0
Me cobraron el Plus aunque lo había cancelado. Me lo devolvieron tras 3 chats ## 3 x
El repartidor me trató fatal cuando le dije que faltaba una bolsa ## 3
que informen mejor del origen de la fruta y la verdura ## 1
El app no deja guardar dos tarjetas ## 1
Pedido mínimo más bajo para los que tenemos Plus ## 1 p
La página de ayuda no ayuda ## 1
Más fruta ecológica ## 1
el repartidor no encontraba mi calle y me llamó 4 veces, el gps de la app os manda mal ## 1
Los huevos de gallinas camperas se agotan siempre ## 1
Ya no compro en Cesta. Me pasé al Hipercentro online porque es más barato y para lo que me resolvíais... ## 3 x
Que los descuentos de bienvenida no tengan tanta letra pequeña ## 1
que te devuelvan el dinero a la tarjeta y no en saldo, que luego no lo uso ## 1
Nada. Me ahorra muchísimo tiempo ## 0
Más productos a granel ## 1
la temperatura de los refrigerados, el pescado llegó caliente ## 2
Ofrecer un descuento si devuelves las bolsas ## 1
No sé, no se me ocurre nada ## 0
Me parece que el envío es caro para pedidos pequeños ## 1 n
Que me avisen si el pedido va a llegar antes de la franja, que me llegó 20 min antes y no estaba ## 1
El postre de la marca propia está buenísimo, no lo quitéis jajaja ## 0
Me gustaría que hubiera un programa de puntos ## 1
Más productos para bebés ## 1 f b
La nueva versión de la app es peor que la anterior, no encuentro nada ## 2
más huecos en agosto, que estamos los que no nos vamos de vacaciones ## 1
Las sustituciones deberían ser de precio igual o menor, no más caras ## 1
Poder poner una nota al repartidor (el timbre no funciona) ## 1
que el chat funcione. punto ## 2
Tengo que revisar el ticket cada vez porque siempre hay algo cobrado de más. Cansa ## 2
el plástico de la fruta, todo viene envasado ## 1
Perfecto todo, gracias ## 0
Que la atención al cliente tenga el historial, tuve que contar lo mismo tres veces a tres personas distintas ## 2
la web no funciona bien en la tablet ## 1 o
Bajad los precios de la marca blanca, que en otros súper están más baratos ## 1
me gustaría que el repartidor fuera siempre el mismo, ya sabe dónde vivo ## 0
podríais tener una sección de ofertas de productos a punto de caducar, como algunas apps ## 1
Más franjas por la noche ## 1
Me llegó el pedido de otra persona. Lo devolví, pero el mío llegó al día siguiente ## 2
que no me llamen para venderme el Plus ## 1 n
Mejorar la calidad del pan ## 1
Hace tiempo que no pido, el último pedido llegó incompleto y me cansé de reclamar ## 3 x
no lo sé
más variedad de productos sin lactosa ## 1
Que la app deje ver los pedidos antiguos más allá de 3 meses ## 1
Mejorar la información de alérgenos, no todos los productos la tienen ## 1
Que el precio del envío no cambie según la franja, es confuso ## 1 n
Podrían avisar por SMS además de por la app, mi madre no mira las notificaciones ## 1 o
Que el repartidor deje la compra en la cocina como al principio, ahora la dejan en la puerta ## 1
más descuentos para los que llevamos años ## 1
Que la fruta venga en su punto. Compro para la semana y el lunes ya está pasada ## 1
El olor a lejía en las bolsas, todo huele a detergente porque lo mezclan ## 1
Los rechazos en la puerta son incómodos, deberían poder hacerse desde la app después ## 1
Me preocupa que cada vez hay menos productos de marca y más de la suya ## 1
Gracias por el trato del repartidor, Miguel es un encanto ## 0
La experiencia de los últimos meses ha sido MUY mala. Retrasos de más de una hora tres semanas seguidas, una bolsa entera que no llegó, y cuando llamo 20 minutos de espera para que me digan que "lo trasladan al departamento". He pagado el Plus religiosamente dos años y me siento estafada. Si no cambia esto en un mes, me voy. ## 3 p
1. Que avisen de los retrasos.\n2. Que el chat tenga personas.\n3. Que no suban más el Plus.\nPor lo demás bien ## 2 p
A ver, en general bien, pero el otro día pedí una sandía y me trajeron media. Media sandía. Cobrada como entera. Lo reclamé y me dijeron que era una "sustitución". Una sustitución de media sandía por media sandía?? Me reí por no llorar ## 2
No cambiéis nada, en serio. Soy madre soltera con dos niños y Cesta me salva la semana. Si acaso más huecos temprano ## 0 f k2
Lo único el precio del envío, 4,99 en las franjas buenas es mucho ## 1 n
Poder ver precios y huecos sin tener que registrarte antes, me echó para atrás al principio ## 1
Al pagar, la verificación del banco tarda y se pierde la franja reservada. Pasa mucho ## 2
que el código de invitar amigos dé algo más, 10€ es poco para lo que os recomiendo ## 0
Más publicidad por aquí, en mi barrio nadie os conoce y os recomiendo yo a todos jaja ## 0
no ## 0
Las mandarinas secas por dentro, dos semanas seguidas ## 1
La app me cerró la sesión y al volver a entrar había perdido la cesta entera ## 2
Que el repartidor no deje el pedido al vecino sin preguntarme ## 2
Tengo que revisar cada sustitución desde el trabajo en 20 minutos o se aceptan solas. Más tiempo para decidir ## 1
Me devolvieron el dinero de un producto que sí llegó. Lo digo para que veáis que el sistema falla, a favor mío esta vez jaja ## 0
el precio de la fruta ecológica es desorbitado ## 1
Que pongan la fecha de caducidad en la ficha del producto ## 1
Muy lenta la web para pagar, se queda pensando ## 1
Nada, sois lo mejor que me ha pasado este año (y eso dice mucho de mi año) ## 0
Ya no pido. Me mudé a un pueblo donde no llegáis ## 1 x
lo de las franjas: elegí de 9 a 10 y llegó a las 11:15. sin avisar. otra vez. ## 2
Podrían tener productos de farmacia básicos, paracetamol no, pero tiritas, crema solar... ## 1
los de atención al cliente por teléfono muy amables, eso sí, pero no resuelven, tienen que "consultarlo" ## 1
La calidad-precio de la carne está bien, pero el pollo entero siempre viene pequeño ## 1
Que se pueda pedir factura a nombre de la empresa sin escribir al chat ## 1
Más atención a la gente mayor, mi padre no se aclara con la app y por teléfono le hablan muy rápido ## 1
El Plus debería poder compartirse con mis padres, que viven en la misma ciudad ## 1 p
La entrega fue puntual pero el repartidor no llevaba mascarilla y yo estoy en tratamiento de quimio. Poder pedir entrega sin contacto de verdad ## 1
""".strip("\n")
