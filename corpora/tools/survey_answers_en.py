# -*- coding: utf-8 -*-
"""Open answers of the English-language respondents (invented, hand-written).

Same conventions as survey_answers_es.py: one answer per line, optional hints after `` ## ``
(f, f3, k<n>, b, t, s, c, h, o, y, p, n, x, -, 0-3, city=<Manchester|Dublin|Bristol>, age=<n>), literal \\n for a
typed line break.
"""

REASONS = r"""
my sister wouldn't shut up about it so I caved
Don't drive and the bus to the big Harlow's is every 40 mins
Kids. A big shop with a 2 year old and a 5 year old is a form of torture ## f k2 b
The 1 hour slots. Harlow's gives you a 4 hour window and I can't sit in all morning
£15 off the first order, not going to pretend otherwise
I cycle everywhere and you can't do a weekly shop on a bike
freshers fair, they were giving out tote bags and a code ## y
I'm a full time carer for my husband and can't leave him for long ## o c
Saw the green vans on our road every morning and looked them up
colleague recommended
read the reviews online, mostly positive about freshness
I do nights. The 7-8am slot means it's there when I get home
our local Harlow's went self checkout only and I refuse to work for free lol
Back problems. Lifting a multipack of water is a no
A podcast I listen to had an ad, the host sounded like he actually used it
cheaper than the corner shop, which is all I have near me
Plus. With 2 kids I order every few days and free delivery pays for itself ## f p k2
my landlady uses it and let me use her referral code ## y
Time. I'd rather spend Saturday at the park with my daughter than in a car park ## f
Was told not to lift anything for 6 weeks after surgery
Harlow's substituted half my order twice in a row, I gave up on them
flatmate had the app, we split the big order ## h
Ordered for a house party, 48 cans and crisps, wasn't carrying that home ## y
Moved to Bristol from Leeds and didn't know the shops yet ## city=Bristol
electric vans. small thing but it mattered to me
decent range of Irish stuff, proper brown bread, rashers, the lot ## city=Dublin
because you can see the unit price on everything and compare properly
convenience
it was the only one with a slot that week
Heavily pregnant in August. Never again. ## f b
honestly no idea, my partner set it up ## c -
I'm a wheelchair user and half the supermarket aisles are too narrow to get down
to stop my husband buying six packs of biscuits every time he goes in ## c
Ramadan. The late slots were perfect for getting everything in before iftar
Halal meat section is better than my local supermarket's
my mum only reads Spanish and the app works in Spanish too, so she can do her own order now
Agoraphobia. Supermarkets are really hard for me, this means I can eat properly
broke my ankle playing five a side ## y
Word of mouth at the school gate ## f
The app is clean and fast, no faff
A friend at work showed me her order history and how much time she saved
habit now
meal prep on Sundays, I need everything by Saturday evening
my GP told me to stop lifting heavy shopping after my hernia op ## o
found it comparing delivery services, it came out top for on time deliveries
Got a voucher in my Christmas cracker at a work do. Genuinely.
reliable. that's it
we live above a shop on a main road, no parking anywhere
my mum's 82 and lives in Didsbury, I order for her from Leeds ## city=Manchester
the fruit doesn't come bruised, unlike other places
Wanted an online shop that did proper fresh fish, not just frozen
partner is shellfish allergic and allergens are clearly listed ## c
Tried it for the £10 off your first three orders deal and got used to it
I work 12 hour shifts in A&E. There is no time.
twins ## f k2 b
cheaper than I expected, honestly
free delivery over £40 with Plus, our weekly shop is always over that ## p
Plus trial, forgot to cancel, turns out I like it ## p
new mum, couldn't face the shops with a newborn ## f b
the click and collect point is at the petrol station I pass on the way home
our Harlow's closed down last spring
I'm lazy. Honest answer
I live alone and only eat what I can carry, this way I actually cook ## s
Got it for my dad after my mum passed, so he eats properly ## -
retired, but my knees aren't ## o
there was a leaflet in my bag from the pharmacy next door
reusable crates, no carrier bags
They had the oat milk nobody else stocks
my son set it up on my tablet and showed me how ## o
Saw someone on the local community forum say the meat was excellent
My partner and I both work and we kept arguing about who'd do the shop ## c
so my teenagers can add things to the list themselves instead of texting me ## f k2 t
convenient for the heavy bits, I still go to the market for veg
the same driver comes every week and he's lovely
three kids, two dogs, one car that's always at work ## f f3 k3
the advert on the side of the bus made me laugh
Friend's referral, got a tenner each
for my elderly neighbour, I order hers with mine
late night slots, I don't get in till 9
Was fed up paying Pantry Run prices for basically everything
tried it during the snow when I couldn't get out and never went back
wanted less plastic, and the crates are a good idea
it's the only one that delivers to our estate, the others say we're out of range ## -
better than Harlow's online, which isn't saying much
the own brand coffee is genuinely good and cheap
"free delivery for a month" email. Fell for it. Don't regret it.
student house, five of us, we do one big order at the start of term ## h y n
long covid. energy is limited and I'd rather not spend it on a supermarket
Seemed more ethical, they talk about paying drivers properly
I wanted to stop impulse buying. It works, my spending is down about £20 a week
our car died and we decided not to replace it ## c
my cousin works in their warehouse and said the stock is well looked after
the app lets me add things through the week as I run out, then it's all ready on Sunday
because the delivery slots actually exist, unlike some places where everything's booked
Recommended by the midwife, sort of. She said "get your shopping delivered" and my friend had a Cesta code ## f b
I'm autistic and big supermarkets are a sensory nightmare. Cesta genuinely made my life easier
Moved to Dublin for work, no car, didn't want to lug bags on the Luas ## city=Dublin
rain. it's Manchester ## city=Manchester
price match on loads of basics with the big supermarkets, or near enough
I work from home with two toddlers. Enough said ## f k2 b
Mum broke her hip. We did her shopping through Cesta and then I started using it myself
I'm 68, I don't drive anymore and the taxi to the supermarket was costing a fortune ## o age=68
referral from my brother-in-law who is the tightest man in Ireland, so it must be good value ## city=Dublin
on-time record. ive never had it more than 10 mins late
Free bag for life with the first order. I'm cheap
Can order at midnight when the baby finally sleeps ## f b
Good veggie range. Lots of tofu and tempeh which I can't get locally
we'd just moved house and didn't even know where the supermarket was
I like knowing exactly what I'll spend before I pay
my daughter is coeliac and the free-from section is big ## f
Needed something for my mum with dementia so she doesn't buy 12 loaves of bread
no particular reason
cost. I compared a months worth of receipts and it came out about the same, but I save 2 hours a week
Had a baby in the winter, the idea of a car park in the rain with a newborn... no ## f b
Saw an ad on the tram ## city=Manchester
I run a small cafe and top up the basics through Cesta between wholesale orders
my housemate has a car but hates being asked for lifts to the shops ## h
Because Pantry Run doesn't do big shops and Harlow's kept turning up late
first order free delivery + the first order discount together
I care for my mum who's housebound, I can send her shopping from my phone at work
honestly? The app looked nicer than the others
I travel for work Monday to Thursday and come back to an empty fridge. Now it arrives Thursday night
Because my wife told me to ## c
the promise of no weird substitutions, which has mostly been true
having a favourites list that I can reorder in one tap
Got one of their fridge magnets with a code on. Oddly effective marketing
I'm 79 and live on my own. I like the phone line, a real person who is patient with me ## o s age=79
convenience, price, the drivers are friendly
they were the only delivery service that could cope with a rural-ish address outside Bristol ## city=Bristol
needed a nappy and formula delivery fast, same day slot saved me ## f b
sick of carrying the cat litter
Because I don't like shopping, simple as that
lots of positive comments on a local parents page ## f
trial, then Plus, now can't imagine going back ## p
Saw Cesta bags at a friends house and asked
Wanted to support a company that isn't one of the big four
the prices are clear and there's no surprise at the end. well, apart from the weighed items
ordered once when my car was in the garage, stuck with it
no time to shop between two jobs
The driver helped my grandad carry the bags in and he wouldn't stop talking about it ## o
free delivery weekend offer
cheaper delivery than anyone else for the slot I wanted
I'm partially sighted and the app works well with my phone's screen reader
my workplace has a Cesta discount scheme
We have four kids. Four. The weekly shop is two trolleys. ## f f3 k4
we were trying to waste less food and ordering exactly what we need helps
I'd been using Harlow's for years and the quality dropped, so I tried this
got a recommendation on a neighbourhood noticeboard
good reviews from people I know, not just online
Because the alternative was my husband doing the shopping ## c
The fish and the meat are better than the supermarket, easily
working from home in winter, not leaving the flat if I can help it
the hour slot means I can plan round school pick up ## f
I wasn't sure at first but the first delivery was perfect
For the big heavy stock-up every month, rest I get locally
dunno, an ad probably
I don't really know, someone mentioned it and I downloaded it
they were the only ones who'd bring shopping up to the 5th floor ## s
saw it on the local news, a story about their warehouse opening ## city=Bristol
A friend who's a nurse uses it after night shifts and swore by it
cheaper than a taxi and I don't drive
Kids' football on a Saturday morning means no time for a shop ## f
Lost my licence for 6 months, long story ## -
my nan's carer recommended it ## o
a nice student discount week, ten euro off, I'm skint ## y city=Dublin
At first the discount.\nThen because it turned up on time, every time.\nNow it's just how we shop.
Right, long story. I'm 74, widowed, third floor with a lift that's broken more often than not. My son is in Perth (the Australian one). I used to rely on the neighbour for milk and water. Now I do my own order on the tablet, the driver carries it to the kitchen and I don't have to ask anyone for favours. You can't put a price on that. ## o s age=74
Process of elimination: Harlow's slots are 4 hours, Pantry Run is for a pint of milk, my local has no website. That left Cesta ## -
""".strip("\n")

IMPROVES = r"""
nothing ## 0
Stop substituting skimmed when I order whole milk. Every. Single. Time. ## 2
Plus fee should pause when I'm on holiday, I paid for August and ordered nothing ## 1 p
Booked 7-8am, driver came at 6:45 and woke the baby. Early is also a problem!! ## 2 f b
the "rate your order" popup every time I open the app, please stop ## 1
nothing, happy ## 0
Let me book slots more than a week ahead ## 1
I ticked "no plastic bags" and got 11 plastic bags ## 2
Refund as credit that expires after 3 months? Give me my money back ## 2
The chat closes if you switch to the camera to photograph the damaged item. Then you start again. ## 2
The meat weights are always "estimated" under, so the final bill is always higher. Funny that ## 2
Please deliver to Swords, half my friends can't use you ## 1 city=Dublin
Customer service said they'd ring back within 24 hours. Still waiting, 2 weeks later ## 3
Christmas slots were all gone by mid November. Plan better ## 2
Don't substitute one 4 pint milk with two 2 pints and charge me more ## 1
More halal options, the range is tiny ## 1
receipts arrive 2 days after delivery, I want them the same day ## 1
Driver parked across my neighbour's drive and I got an earful for it ## 1
all good ## 0
app crashes on my phone since the last update, it's not even that old ## 2
An option to hide alcohol from the app. I'm sober and wine offers on the home screen are not helpful ## 1
The baby formula was substituted with a different stage. That is genuinely dangerous, please make formula no-substitute by default ## 3 f b
Frozen peas arrived fully thawed in the July heatwave ## 2
Be clear where the tip goes. Does the driver get all of it? ## 1
The welcome email promised free delivery for a month and I was charged on my second order ## 2
Delivered to flat 14 instead of 41. Neighbour was nice about it but still ## 1
Bring back crates. We had them in Bristol, then they just stopped with no explanation ## 1 city=Bristol
nothing to report ## 0
Fish used to be brilliant. Last three times, meh ## 2
the "healthy swap" suggestions are a bit patronising lol ## 1
Prices on the app and the website are different for the same item?? ## 2
Click and collect has a minimum order even though I'm collecting it myself. Makes no sense ## 1
more slots on weekday evenings, 6-8pm is always gone ## 1
Honestly can't fault it ## 0
Would be nice to get a message with the driver's name and a rough time the night before ## 1
Cancelled Plus after 2 years. It went up twice and deliveries got worse. Shame, it used to be great. ## 3 x p
the search thinks "spuds" is a typo ## 1 o
My Plus renewal date isn't shown anywhere in the app ## 1 p
Went back to the market and the butcher. Too much packaging, and the fruit was hit and miss ## 3 x
Hide the out-of-stock items instead of showing them greyed out at the top of the search ## 1
nothing really, drivers are great ## 0
Substitutions for my son's allergy-safe snacks are a risk. Let me block subs for a whole category ## 2 f
let me split the delivery into two addresses without two minimum orders ## 1
Dark mode in the app is unreadable, grey text on black ## 1
Bananas packed in the same bag as bleach. Come on ## 2
no idea
More Polish and Eastern European products ## 1
Four orders in a row with something missing. Refunds are instant but I don't want credit, I want my shopping ## 2
Quicker phone answering. 25 minutes on hold on a Saturday morning ## 2
the Plus-only offers feel like a punishment for those of us on standard ## 1 n
too many emails, I get one a day. I unsubscribed and still got them for a week ## 1
The app logs me out every couple of days ## 1
Fine as is ## 0
Cheaper delivery on weekdays during the day, some of us are retired and home anyway ## 1 o
Minimum €35 order is tough for a student ## 1 y n city=Dublin
Your 30-min late credit only happens if you ask for it. Make it automatic ## 2
The driver made me sign on his phone with my finger in the pouring rain, lol. Bit pointless ## 0
drivers are lovely but the van blocks the whole street every time ## 1
more reduced to clear bargains ## 1
Avocados "ready to eat" were anything but ## 1
more cheap own brand basics, some things are only available in premium ## 1
I'd like to be able to choose bigger or smaller fruit. The apples are tiny ## 1
nothing i can think of ## 0
delivery fee jumped from £2.99 to £4.99 for the same slot in two weeks. Why? ## 2 n
The checkout kept failing with my debit card but worked with the credit card, no explanation ## 2
put the bread on top not under the potatoes!! ## 1
slots between 7 and 8am for those of us who leave early ## 1
They sent me the wrong size nappies twice ## 2 f b
Let me add to an order after it's placed without starting a new one ## 1
Everything was perfect until the last month. Now it's late every week. What happened? ## 2
Gave up. Three late deliveries in a row and the last one never came at all. Switched back to Harlow's ## 3 x
clearer info on what "bag-free" actually means, I still got bags ## 1
Reusable bags pile up. Take them back please ## 1
More organic veg boxes ## 1
The price of Plus. £7.99 is a lot when I order twice a month ## 1 p
grand, no complaints ## 0 city=Dublin
more vegan ready meals ## 1
notifications at 6am about substitutions, no thanks ## 1
The chatbot asked me 6 questions then said it couldn't help. Great ## 2
The lady on the phone was fantastic. No improvement needed there ## 0
please stop putting the eggs under the watermelon ## 1
more local producers, there are loads around Bristol ## 1 city=Bristol
I'd love a printed receipt in the bag, my mum doesn't do email ## 1 o
communication. that's the whole answer ## 2
the meat is fantastic but the veg has gone downhill ## 1
Slot prices are confusing, same hour costs different amounts on different days ## 1
nothing ## 0
better deals for families, we spend £150 a week ## 1 f
Stop sending me "we miss you" emails every day since I cancelled ## 2 x
The driver threw the bags on the doorstep. Eggs smashed, tomatoes squashed ## 3
A way to report a problem with a single item without going through the whole chat ## 1
faster refunds to card, 5-7 days is too long ## 1
cheaper. always cheaper ## 1
More sustainable packaging for meat ## 1
more flexibility to change slot on the day ## 1
Everything arrives, everything's fresh, driver's always friendly. 10/10 ## 0
sometimes the app shows a slot as free and then says it's gone at checkout ## 2
Can you stock bigger packs? We go through a lot ## 1 f f3
Please let my partner have their own login on the same account ## 1 c
the bakery stuff is always squashed, maybe a separate box ## 1
it's fine really, just more special offers ## 0
make it clearer when something is a substitution on the receipt, I didn't notice until I opened it ## 1
Delivery drivers should wear name badges, my nan won't open the door to strangers ## 1 o
Bring back the free delivery for orders over £60 for non Plus people ## 1 n
One of my regular items disappears from the app every few weeks then comes back. Annoying ## 1
I'm disabled and the driver leaving things at the door isn't ok, I need it brought in ## 2
paper bags split when wet. which is always, this is Manchester ## 1 city=Manchester
Be honest about lateness. The tracker showed the van "2 stops away" for 50 minutes ## 2
nada. all grand ## 0
sort out the website on mobile browser, everything overlaps ## 1
you could tell us what's in season ## 1
stop pushing Plus at every checkout ## 1 n
Would love a weekly meal kit option ## 1
Bread goes stale too quickly, I think it's near the end of its date when it's picked ## 1
not much. maybe a cheaper small-order option for those of us living alone ## 1 s
I was charged twice for one order. Took four days to get it back. I had £3 in my account that week. ## 3
The minimum order for free delivery went up from £40 to £50 without much warning ## 2 p
drivers are rushed off their feet, give them more time ## 1
The app should let me filter by "no nuts" instead of checking every product ## 2 f
Good service, only problem is stock. Things are out way too often ## 1
the little handwritten thank you note at Christmas was lovely. Do more of that kind of thing ## 0
Order arrived with a bag of someone else's frozen food. I kept it, sorry ## 1
Nope ## 0
let me pick the delivery day for my recurring order more flexibly ## 1
cheaper Plus for pensioners ## 1 o p
Sometimes I get a delivery text for an order that isn't mine ## 1
substitutions are a lottery. Sometimes great, sometimes mad ## 1
I'd switch back to the supermarket if it wasn't for my back, honestly. Prices have crept up a lot ## 2
Be upfront about the service fee. It should be on the basket page, not sprung on you at the end ## 2
longer to accept or reject substitutions, I'm at work ## 1
more variety in the fresh bread ## 1
Honestly? The best thing that's happened to my week. Keep the drivers happy ## 0
The wine delivery needs ID checks that actually work, my 17yo signed for it, just saying ## 1 f t
I want to see the carbon footprint of my order, you'd be surprised how many people would use that ## 1
The app thinks I live in a different city. Every time I open it I have to change it back ## 1
Fix the postcode checker, it told me you don't deliver to a new build estate that you clearly deliver to ## 2
If you could bring the crates into the kitchen like you used to, my dad would be thrilled ## 1 o
better communication when my order is delayed. A text would do. Just one. ## 2
It was great for a year. Then the Plus price went up, missing items went up, and my patience went down. I've moved to Harlow's delivery. Not better, but cheaper ## 3 x
the search results put sponsored stuff first, I just want what I typed ## 1
Let me save more than one delivery address without it defaulting to the old one ## 1
I got a £5 credit for a 2 hour late delivery. That's insulting, not compensation ## 3
fewer adverts in the app, it's a shop not a magazine ## 1
the meal deal section is good, more of it ## 0
Would use it more if the delivery was free on weekdays ## 1 n
Salad bags with 1 day left on them. Every time ## 2
please label the bags (frozen/chilled/cupboard), unpacking is chaos ## 1
bit pricey on the branded stuff ## 1
I can never find the cancel order button ## 1
Text me the driver's ETA, not an app notification I'll never see ## 1
sort out the slot reservation timer, 15 minutes isn't long when my bank app takes ages to approve ## 1
nothing. the phone team sorted a missing bag for me in 5 minutes, top marks ## 0
your substitutions for gluten free products are often NOT gluten free. Please check ## 3 f
More stock of the basics on a Sunday night, half my list was unavailable ## 2
Couldn't get through on the phone when my delivery was 2 hours late on my daughter's birthday. Chat gave me a fiver. Felt scripted ## 3 f
Loyalty. I've been with you 3 years and new customers get better deals than me ## 2
Less packaging on the fruit ## 1
let me tip in the app after delivery, not before ## 1
good as is, maybe cheaper Plus ## 0 p
the driver always rings my neighbour's bell, the flat numbers on the app are clearly confusing ## 1
Allow more time between order cut-off and delivery to add forgotten items ## 1
Cut the price of delivery for pensioners, we're flexible about times ## 1 o
More choice of cheap pasta and rice, big bags ## 1 h
Nothing. My mum gets her shopping and I don't have to worry. Thank you ## 0
1) slots\n2) substitutions\n3) the chatbot\nin that order ## 2
Honestly the worst experience I've had with a company in years. Order cancelled the morning of my son's birthday party, 6am text, no alternative, nobody on the phone till 9. Had to drive to the big Harlow's with a car full of balloons. I used to recommend you to everyone. Not anymore. ## 3 f
Overall fine. Little things: the bread gets squashed, the bananas are green, the driver rings the bell like the house is on fire. But fine. ## 1
""".strip("\n")
