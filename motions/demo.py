"""The reference case KS 2023/1387 as demo data.

Every text, name, party and date printed in the real utlåtande (Stockholm stad,
Utlåtande Rotel I, Dnr KS 2023/1387) is here as data; the utlåtande is
assembled from it. Facts the document does not give are marked "assumed" below:
the filing and registration dates, referral dates, the meetings of
borgarrådsberedningen and KS's justering, memberships' periods and Jan
Jonsson's rotel (he is titled "borgarrådet", which the product derives from
heading a rotel).
"""

import datetime as _dt
import unicodedata
import zoneinfo

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction

from casework import roles
from casework.models import (
    Body,
    Case,
    ChainStep,
    Document,
    Meeting,
    Membership,
    MemberStatement,
    Municipality,
    Party,
    PartyAffiliation,
    Person,
    Registry,
)
from casework.pdf import html_to_pdf
from casework.services import (
    decision_record,
    document_register,
    meeting_get_or_create,
    member_statement_file,
)
from casework.workflow import Status
from meetings.services import agenda_add, agenda_build, meeting_post_anslag, meeting_send_kallelse
from motions import kinds
from motions.models import PreparationSummary, Utlatande
from motions.services import (
    deadline_report_make,
    deadline_report_write_off,
    motion_chain_decide,
    motion_register,
    motion_withdraw,
)
from referrals.services import (
    referral_answer_by_decision,
    referral_answer_by_report,
    referral_send,
)
from rotlar.models import Rotel, RotelHead, RotlarProfile

# fmt: off
TITLE = 'Motion om samverkan med Migrationsverket för att främja frivillig återvandring'
PROPOSED_ITEMS = [
    'Motionen besvaras med hänvisning till vad som sägs i utlåtandet.',
]

SUMMARY = "\n\n".join([
    ('Gabriel Kroon (SD) har väckt en motion i kommunfullmäktige. I motionen framhålls att '
        'många migranter frivilligt vill återvandra. Motionären föreslår därför att ge berörda '
        'nämnder i uppdrag att vara en aktiv part med ambitionen att delta i gemensamma projekt '
        'med Migrationsverket kring frivillig återvandring.'
    ),
])

SUMMARY_SLK = "\n\n".join([
    ('Stadsledningskontoret anser att stadens nuvarande samarbete med organisationer som ger '
        'juridisk och social rådgivning och stöd tillgodoser informationsspridning om möjligheter'
        ' till återvandring.'
    ),
])

SUMMARY_AMN = "\n\n".join([
    ('Arbetsmarknadsnämndens bedömning är att arbetsmarknadsnämnden inte bör vara en aktiv '
        'part med ambitionen att delta i projekt med Migrationsverket kring frivillig '
        'återvandring.'
    ),
])

SUMMARY_SN = "\n\n".join([
    ('Socialnämnden anser att då det inte är något specifikt projekt som motionen föreslår att'
        ' staden ska delta i och inte heller har tillförlitlig statistik är det svårt för '
        'socialnämnden att ta ställning förslaget.'
    ),
])

VIEWS = "\n\n".join([
    ('Stockholm ska vara en stad för alla. Här ska nya och gamla stockholmare kunna bo, leva, '
        'arbeta och bygga sin framtid. Här ska stockholmarens drömmar kunna uppfyllas.'
    ),
    ('Migrationsverket har ett uppdrag att arbeta med frivillig återvandring. Den som i '
        'Stockholm ber stadens verksamheter om stöd för att frivilligt kunna återvandra ska få '
        'hjälp att bli hänvisad till korrekt information från Migrationsverket. I övrigt anser '
        'jag att Stockholms stad ska fortsätta att arbeta med att främja och stärka integrationen'
        ' i Stockholm så att de flyktingar och migranter som bosätter sig här får goda '
        'förutsättningar för att själva kunna skapa ett bra, tryggt och önskvärt liv i Stockholm.'
    ),
    ('Jag noterar också i likhet med remissinstanserna att motionärens underlag baseras på en '
        'enkätundersökning från en organisation där generalsekreteraren själv säger att de inte '
        'vet om resultatet är representativt eftersom undersökningen inte är en vetenskaplig '
        'undersökning. I övrigt hänvisar jag till stadsledningskontoret och övriga '
        'remissinsatsers utlåtanden som svar på motionen.'
    ),
])

ENDORSEMENT_ITEMS = [
    'Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.',
]

KS_DECISION_ITEMS = [
    'Kommunstyrelsen delar borgarrådsberedningens uppfattning och föreslår att kommunfullmäktige beslutar enligt föredragande borgarråds förslag.',
]

KS_KROON_ITEMS = [
    'Att kommunstyrelsen bifaller motionen.',
    'Därutöver anföra följande:',
]

KS_KROON_TEXT = "\n\n".join([
    ('Sverigedemokraterna har föreslagit att Stockholms stad genom berörda nämnder så som '
        'socialnämnden ska vara en aktiv part gentemot Migrationsverket i projekt som främjar '
        'frivillig återvandring. Inga motargument lyfts fram i sak, utan en framtida medverkan '
        'handlar om politiskt initiativ som möjliggör för förvaltningarna att vara med i '
        'frivilliga projekt.'
    ),
])

KS_JONSSON_NADDEBO_ITEMS = [
    'Att avslå motionen i sin helhet.',
    'Att därutöver anföra:',
]

KS_JONSSON_NADDEBO_TEXT = "\n\n".join([
    ('Gabriel Kroon (SD) har väckt en motion i kommunfullmäktige att staden ska samverka med '
        'Migrationsverket för att främja frivillig återvandring.'
    ),
    ('En fungerande och ansvarsfull migrationspolitik grundar sig i att den som har skyddsskäl'
        ' ska få stanna här och få bästa möjligheter att integreras. Den som får avslag ska '
        'snabbt återvända till sitt hemland. Barn och föräldrar ska ha rätt till återförening och'
        ' den som har mycket stark anknytning till Sverige ska få stanna kvar.'
    ),
    ('Den som frivilligt vill återvandra ska få hjälp att bli hänvisad till korrekt '
        'information från Migrationsverket, men att Stockholm ska ha ett särskilt ansvar för '
        'detta vore olyckligt. Först och främst är det inte ett kommunalt kärnuppdrag. Men kanske'
        ' viktigast är att Stockholm istället ska satsa hårt på integration, se till att de '
        'flyktingar och migranter som bosätter sig här får goda förutsättningar för att bidra och'
        ' känna sig som hemma i Stockholm.'
    ),
    ('Sverigedemokraterna vill bland annat genom ”bättre informationsinsatser” nå gruppen '
        'invandrare som vill återvända. De allra flesta som är skrivna i Stockholm älskar vår '
        'stad — och få som har rätt att vara här vill lämna staden. Det är i sin tur bra. När vi '
        'tittar på andra kommuner som har startat återvandringskampanjer ser vi hur det har '
        'piskat upp stämningen. Oftast helt i onödan.'
    ),
    ('Till sist måste nämnas att underlaget till Gabriel Kroons motion grundar sig på en '
        'enkätundersökning där den ledande företrädaren för organisationen som gjort den '
        'ifrågasätter undersökningens representativitet, då det inte är en vetenskaplig '
        'undersökning.'
    ),
])

MATTER = "\n\n".join([
    ('Gabriel Kroon (SD) har väckt en motion i kommunfullmäktige i vilken han beskriver att '
        'frågan om frivillig återvandring har fått ny aktualitet efter regeringsskiftet och att '
        'Migrationsverket har ett utökat uppdrag för att öka återvandringen.'
    ),
    ('Motionären menar att det är uppenbart att det finns en stor del människor som vill '
        'återvända till sina hemländer och att skälen till det kan vara kulturella, ekonomiska '
        'eller sociala.'
    ),
    ('Som grund till sitt påstående hänvisar motionären till en undersökning från '
        'frivilligorganisationen Centre for Local Development and Diaspora (CLDD) som visar att '
        '40 procent uppger att de vill återvandra till sitt hemland direkt eller inom en snar '
        'framtid. Vidare uppges att Migrationsverket under flera år arbetat med projekt kring '
        'frivillig återvandring med kommun och civilsamhälle samtidigt som Migrationsverkets egen'
        ' analys visar på att enbart en kommun har velat delta i projektsamverkan. I och med det '
        'fördjupade uppdraget tror motionären att projekten kommer att fördjupas och anser att '
        'Stockholms stad bör fördjupa sin samverkan med Migrationsverket genom gemensamma '
        'samverkansprojekt och att bättre informationsinsatser skulle ge fler människor '
        'möjligheten att ta ett välinformerat beslut kring återvandring.'
    ),
    ('Motionären föreslår att kommunfullmäktige ger berörda nämnder i uppdrag att vara en '
        'aktiv part med ambitionen att delta i gemensamma projekt med Migrationsverket kring '
        'frivillig återvandring.'
    ),
])

SLK_REPORT_TEXT = "\n\n".join([
    ('Bland stadens nyanlända finns personer som har möjlighet att få bidrag från '
        'Migrationsverket om de vill återvandra till sina hemländer. Staden stöttar och hänvisar '
        'i de tillfällena personerna vidare till Migrationsverket. Stadsledningskontoret anser '
        'att stadens nuvarande samarbete med organisationer som ger juridisk och social '
        'rådgivning och stöd tillgodoser informationsspridning om möjligheter till återvandring.'
    ),
    ('Undersökning av CLDD som motionären hänvisar till finns inte tillgänglig på '
        'organisationens hemsida men i en artikel från Dagens Samhälle — Svalt intresse för '
        'återvandring i kommunerna — ”Kan uppfattas som känsligt” behandlas undersökningen. '
        'Enligt artikeln är undersökningen en enkät som besvarats av 501 personer och på frågan '
        'om migranterna i undersökningen utgör ett representativt urval svarar '
        'generalsekreteraren för CLDD att de tror det men kan inte veta då det inte är en '
        'vetenskaplig undersökning. Stadsledningskontoret anser att det kan vara svårt att dra '
        'alltför långtgående slutsatser utifrån denna undersökning.'
    ),
    ('Vidare finns en pågående statlig utredning om Översyn av incitamentsstrukturerna för '
        'frivillig återvandring (dir. 2023:151). Utredningen ska kartlägga insatser som görs i '
        'Sverige och i jämförbara länder som främjar återvandring. Med utgångspunkt i '
        'kartläggningen ska utredaren bland annat överväga vilka informations- och '
        'vägledningsinsatser som är relevanta och konstadseffektiva för att öka återvandringen. '
        'Utredningen ska redovisas den 1 augusti 2024. Stadsledningskontoret anser att staden ska'
        ' invänta den utredningen.'
    ),
])

SLK_PROPOSED_ITEMS = [
    'Gabriel Kroon (SD) motion om samverkan med Migrationsverket för att främja frivillig återvandring anses besvarad med hänvisning till vad som sägs i stadsledningskontorets tjänsteutlåtande.',
]

AMN_DECISION_ITEMS = [
    'Arbetsmarknadsnämnden beslutade att hänvisa till förvaltningens tjänsteutlåtande som sitt yttrande över remissen.',
]

AMF_REPORT_TEXT = "\n\n".join([
    ('I Migrationsverkets regleringsbrev för år 2023 fick myndigheten ett utökat uppdrag om '
        'att öka kunskapen om frivillig återvandring genom informationsinsatser. Det finns en '
        'pågående statlig utredning om Översyn av incitamentsstrukturerna för frivillig '
        'återvandring (dir. 2023:151). I direktivet konstateras att den nuvarande ordningen för '
        'frivillig återvandring utgörs av begränsande insatser som endast når ett fåtal personer.'
        ' Under de senaste 10 åren har i genomsnitt 17 ärenden avgjorts per år varav fyra '
        'individer har beviljats återvandringsbidrag. Utredningen ska därför kartlägga insatser '
        'som görs i Sverige och i jämförbara länder som främjar återvandring. Med utgångspunkt i '
        'kartläggningen ska utredaren bland annat överväga vilka informations- och '
        'vägledningsinsatser som är relevanta och konstadseffektiva för att öka återvandringen. '
        'Utredningen ska redovisas den 1 augusti 2024.'
    ),
    ('I nämndens verksamheter kan det finnas personer som har möjlighet att få bidrag från '
        'Migrationsverket till frivillig återvandring enligt de kriterier som finns. Exempelvis '
        'nyanlända inom sfi eller på Welcome House. Förvaltningen ser, likt vad motionären '
        'beskriver, att bättre informationsinsatser kan ge fler människor möjlighet till att ta '
        'ett välinformerat beslut kring återvandring. Utifrån direktivet till den pågående '
        'statliga utredningen uppfattar förvaltningen att det finns oklarheter i hur arbetet med '
        'frivillig återvandring fungerar. Enligt budget för 2024 ska arbetsmarknadsnämnden blanda'
        ' annat prioritera insatser som skapar förutsättningar för nyanlända att etablera sig på '
        'arbetsmarknaden och i samhället. Sammantaget är förvaltningens bedömning att nämnden '
        'inte bör vara en aktiv part med ambitionen att delta i projekt med Migrationsverket '
        'kring frivillig återvandring. Dels finns det oklarheter i uppdraget som för närvarande '
        'utreds av regeringen, dels ser förvaltningen att det inte skulle bidra till att '
        'förbättra nämndens arbete med att enligt prioriteringar i budget skapa förutsättningar '
        'för nyanlända att etablera sig på arbetsmarknaden och i samhället.'
    ),
])

SN_DECISION_ITEMS = [
    'Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.',
]

SOF_REPORT_TEXT = "\n\n".join([
    ('I motionen refereras till en undersökning från CLDD, Center for local development and '
        'the Diaspora, som inte är nåbar 2024-02-02 på organisationens hemsida. Vid en sökning '
        'efter undersökningen i en sökmotor 2024-02-02 återfinns en artikel där '
        'generalsekreteraren för CLDD på frågan om migranterna i undersökningen utgör ett '
        'representativt urval svarar att CLDD tror det, men inte kan veta då det inte är en '
        'vetenskaplig undersökning. Undersökningen som motionen refererar till bedöms inte utgöra'
        ' en tillförlitlig källa för underlag. Då det inte är något specifikt projekt som '
        'motionen föreslår att staden ska delta i och inte heller har tillförlitlig statistik är '
        'det svårt att ta ställning till förslaget utifrån att det saknas underlag för '
        'kostnadsberäkningar.'
    ),
    ('Migrationsverket har i uppdrag att arbeta med frågor som rör återvandring. Invånare som '
        'i kontakten med socialtjänsten söker information om möjlighet till återvandring hänvisas'
        ' därför till kontakt med Migrationsverket. Efter samtyckesinhämtning kan socialtjänsten '
        'bistå med stöd i kontakten med Migrationsverket om det önskas av den enskilde. Staden '
        'har samarbete med organisationer som ger juridisk och social rådgivning och stöd vilket '
        'ökar informationsspridningen om möjligheter till återvandring.'
    ),
    'Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.',
])

AMN_CARLBERG_ITEMS = [
    'Att arbetsmarknadsnämnden tillstyrker motionen.',
    'Att därutöver anföra följande:',
]

AMN_CARLBERG_TEXT = "\n\n".join([
    ('Sverigedemokraterna har föreslagit att Stockholms stad genom berörda nämnder så som '
        'socialnämnden ska vara en aktiv part gentemot Migrationsverket i projekt som främjar '
        'frivillig återvandring. Arbetsmarknadsnämnden fyller en viktig funktion genom sin '
        'kontakt med långtidsarbetslösa och bör därför vara en aktiv part tillsammans med övriga '
        'nämnder, bolag och förvaltningar.'
    ),
])

AMN_TUFVESSON_TEXT = "\n\n".join([
    ('För alla som lever i Sverige och Stockholm finns gemensamma ramar, såsom lagar och '
        'sociala koder, som sätter gränser. Men inom de ramarna kan många olika liv levas. '
        'Integration, till skillnad från assimilation, innebär att var och en själv kan forma '
        'sitt liv så länge det inte inkräktar på andras frihet att forma sitt. Som liberaler '
        'anser vi att fokus bör vara just på individens möjligheter och inte utpekande och '
        'misstänkliggörande av folk baserat på grupptillhörighet. Det faktaunderlag motionären '
        'hänvisar till är minst sagt bristfälligt. Generalsekreteraren för den namngivna '
        'organisationen erkänner själv att undersökningen inte är gjord på vetenskaplig grund. '
        'Med tanke på vikten Sverigedemokraterna tidigare har lagt vid att beslut och arbetssätt '
        'ska grundas i vetenskap och evidens är detta anmärkningsvärt. Tvärtom vad som påstås i '
        'motionen så har de satsningar som gjorts hittills vad gäller återvandring visat på ett '
        'mycket begränsat intresse, förmodligen för att folk trivs i staden. Den som vill '
        'återvandra ska givetvis kunna göra det, men det är av större vikt att fokus för '
        'kommunens ansträngningar ligger på integration, utbildning och delaktighet. Vi kommer '
        'att behöva fler som jobbar i Stockholm framöver, inte färre. Som tolv nuvarande och '
        'tidigare aktörer inom politik och samhälle formulerar det i en debattartikel som nyligen'
        ' publicerades av Dagens Nyheter: ”Problem ska inte förnekas, men våra beslutsfattare '
        'måste ge en mer nyanserad och rättvisande bild av invandringen och angripa de verkliga '
        'problemen. Den politiska debatten måste bygga på fakta och samtidigt värna humanism och '
        'solidaritet i en allt oroligare värld.”'
    ),
])

SN_KROON_ITEMS = [
    'att socialnämnden tillstyrker motionen, samt',
    'att därutöver anföra följande:',
]

SN_KROON_TEXT = "\n\n".join([
    ('Sverigedemokraterna har föreslagit att Stockholms stad genom berörda nämnder så som '
        'socialnämnden ska vara en aktiv part gentemot Migrationsverket i projekt som främjar '
        'frivillig återvandring. Inga motargument lyfts fram i sak, utan en framtida medverkan '
        'handlar om politiskt initiativ som möjliggör för förvaltningarna att vara med i '
        'frivilliga projekt.'
    ),
])

SN_JONSSON_TEXT = "\n\n".join([
    ('För alla som lever i Sverige och Stockholm finns gemensamma ramar, såsom lagar och '
        'sociala koder, som sätter gränser. Men inom de ramarna kan många olika liv levas. '
        'Integration, till skillnad från assimilation, innebär att var och en själv kan forma '
        'sitt liv så länge det inte inkräktar på andras frihet att forma sitt. Som liberaler '
        'anser vi att fokus bör vara just på individens möjligheter och inte utpekande och '
        'misstänkliggörande av folk baserat på grupptillhörighet.'
    ),
    ('Som socialförvaltningen påpekar i sitt tjänsteutlåtande är det faktaunderlag motionären '
        'hänvisar till minst sagt bristfälligt. Generalsekreteraren för den namngivna '
        'organisationen erkänner själv att undersökningen inte är gjord på vetenskaplig grund. '
        'Med tanke på vikten Sverigedemokraterna tidigare har lagt vid att beslut och arbetssätt '
        'ska grundas i vetenskap och evidens är detta anmärkningsvärt. Tvärtom vad som påstås i '
        'motionen så har de satsningar som gjorts hittills vad gäller återvandring visat på ett '
        'mycket begränsat intresse, förmodligen för att folk trivs i staden. Den som vill '
        'återvandra ska givetvis kunna göra det, men det är av större vikt att fokus för '
        'kommunens ansträngningar ligger på integration, utbildning och delaktighet.'
    ),
    ('Vi kommer att behöva fler som jobbar i Stockholm framöver, inte färre. Som tolv '
        'nuvarande och tidigare aktörer inom politik och samhälle formulerar det i en '
        'debattartikel som nyligen publicerades av Dagens Nyheter: ”Problem ska inte förnekas, '
        'men våra beslutsfattare måste ge en mer nyanserad och rättvisande bild av invandringen '
        'och angripa de verkliga problemen. Den politiska debatten måste bygga på fakta och '
        'samtidigt värna humanism och solidaritet i en allt oroligare värld.”'
    ),
])

# fmt: on

D = _dt.date
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
TERM_START, TERM_END = D(2022, 10, 17), D(2026, 10, 14)  # the 2022–2026 mandate period (assumed)
NEW_TERM_START = D(2026, 10, 15)  # the demo politicians keep their seats in the next term (assumed)
PRACTICE_TITLE = "Motion om fler simhallar (övningsärende)"
DNR = "KS 2023/1387"

# Stockholm stad's profile: the core's defaults are no municipality's.
PROFILE = {
    "name": "Stockholms stad",
    "place": "Stockholm",
    "dnr_pattern": "{diarium} {år}/{nr}",
    "rapporteur_title": "borgarrådet",
    "document_name": "Utlåtande",
    "document_name_definite": "utlåtandet",
    "report_name": "tjänsteutlåtande",
    "views_heading": "Föredragande borgarrådets synpunkter",
    "signatory_title": "Kommunstyrelsens ordförande",
    "citizen_proposals_have_deadline": False,
    "movers_named": 1,  # "Ann Svensson m.fl. (S)"
    "movers_grouped": False,
    "party_lower_case": False,
    "motion_number_series": False,
    "motion_number_printed": False,  # the reference utlåtande prints no motion number
}

PARTIES = [
    ("S", "Socialdemokraterna"),
    ("M", "Moderaterna"),
    ("SD", "Sverigedemokraterna"),
    ("V", "Vänsterpartiet"),
    ("C", "Centerpartiet"),
    ("L", "Liberalerna"),
    ("MP", "Miljöpartiet de gröna"),
    ("KD", "Kristdemokraterna"),
]

# (name, kind, office serving it)
BODIES = [
    ("Kommunfullmäktige", Body.Kind.COUNCIL, None),
    ("Stadsledningskontoret", Body.Kind.OFFICE, None),
    ("Kommunstyrelsen", Body.Kind.EXECUTIVE, "Stadsledningskontoret"),
    ("Borgarrådsberedningen", Body.Kind.PREPARATORY, "Stadsledningskontoret"),
    ("Arbetsmarknadsförvaltningen", Body.Kind.OFFICE, None),
    ("Arbetsmarknadsnämnden", Body.Kind.COMMITTEE, "Arbetsmarknadsförvaltningen"),
    ("Socialförvaltningen", Body.Kind.OFFICE, None),
    ("Socialnämnden", Body.Kind.COMMITTEE, "Socialförvaltningen"),
    # outside the committees: a municipal company and an outside authority answer by letter
    ("Stockholms Stadshus AB", Body.Kind.COMPANY, None, "Stockholms Stadshus AB"),
    ("Stockholm Vatten och Avfall AB", Body.Kind.COMPANY, None, "Stockholm Vatten och Avfall AB"),
    ("Länsstyrelsen i Stockholms län", Body.Kind.AUTHORITY, None, "Länsstyrelsen i Stockholms län"),
    ("Migrationsverket", Body.Kind.AUTHORITY, None, "Migrationsverket"),
]

# (first name, last name, party, [(body, role)]); Karin Wanngård's party is outside knowledge.
PEOPLE = [
    (
        "Gabriel",
        "Kroon",
        "SD",
        [
            ("Kommunfullmäktige", "ledamot"),
            ("Kommunstyrelsen", "ledamot"),
            ("Socialnämnden", "ledamot"),
        ],
    ),
    (
        "Karin",
        "Wanngård",
        "S",
        [
            ("Kommunfullmäktige", "ledamot"),
            ("Kommunstyrelsen", "ordforande"),
            ("Borgarrådsberedningen", "ordforande"),
        ],
    ),
    (
        "Jan",
        "Jonsson",
        "L",
        [
            ("Kommunfullmäktige", "ledamot"),
            ("Kommunstyrelsen", "ledamot"),
            ("Socialnämnden", "ledamot"),
        ],
    ),
    ("Jonas", "Naddebo", "C", [("Kommunfullmäktige", "ledamot"), ("Kommunstyrelsen", "ledamot")]),
    ("Ann-Christine", "Carlberg", "SD", [("Arbetsmarknadsnämnden", "ledamot")]),
    ("Christina", "Tufvesson", "L", [("Arbetsmarknadsnämnden", "ledamot")]),
]

ROTLAR = [("I", "Finansroteln", "Karin Wanngård"), ("XII", "Oppositionsroteln (L)", "Jan Jonsson")]

# Stockholm's decision chain after preparation, per kind of case: (body, the decision it usually
# makes). A skrivelse is answered by KS för egen del.
KS_DEFAULT_ITEMS = (
    "Kommunstyrelsen delar borgarrådsberedningens uppfattning och föreslår att "
    "kommunfullmäktige beslutar enligt föredragande borgarrådets förslag."
)
CHAIN = [
    ("Borgarrådsberedningen", ENDORSEMENT_ITEMS[0]),
    ("Kommunstyrelsen", KS_DEFAULT_ITEMS),
    ("Kommunfullmäktige", ""),
]
CHAINS = {
    kinds.MOTION: CHAIN,
    kinds.CITIZEN_PROPOSAL: CHAIN,
    kinds.SKRIVELSE: [
        ("Borgarrådsberedningen", ENDORSEMENT_ITEMS[0]),
        (
            "Kommunstyrelsen",
            "Kommunstyrelsen beslutar för egen del enligt föredragande borgarrådets förslag.",
        ),
    ],
}

CLERKS = [  # username, role, name
    ("registrator", roles.REGISTRATOR, "Eva Lindqvist"),
    ("handlaggare", roles.HANDLAGGARE, "Omar Haddad"),
    ("namndsekreterare", roles.NAMNDSEKRETERARE, "Sara Nyström"),
    ("administrator", roles.ADMINISTRATOR, "Per Ek"),  # may also use the admin, for reference data
]


def username_for(person: Person) -> str:
    """'Ann-Christine Carlberg' -> 'ann-christine.carlberg' (lower-case ASCII)."""
    raw = f"{person.first_name}.{person.last_name}".lower()
    return unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()


def _at(date: D, hour: int) -> _dt.datetime:
    return _dt.datetime(date.year, date.month, date.day, hour, tzinfo=STOCKHOLM)


@transaction.atomic
def load_reference_data() -> dict:
    """The profile, parties, bodies, people with party and memberships, rotlar, the KS registry.
    Idempotent."""
    load_profile()
    parties = load_parties()
    bodies = load_bodies(BODIES)
    people = load_people(PEOPLE, parties=parties, bodies=bodies, terms=[(TERM_START, TERM_END)])
    rotlar = {}
    for numeral, name, head in ROTLAR:
        rotel, created = Rotel.objects.get_or_create(numeral=numeral, defaults={"name": name})
        rotlar[numeral] = rotel
        if created:
            RotelHead.objects.create(
                rotel=rotel, person=people[head], starts_on=TERM_START, ends_on=TERM_END
            )
    registry, _ = Registry.objects.get_or_create(
        prefix="KS",
        defaults={"name": "Kommunstyrelsens diarium", "body": bodies["Kommunstyrelsen"]},
    )
    load_chains(CHAINS, bodies)
    return {"bodies": bodies, "people": people, "rotlar": rotlar, "registry": registry}


def load_profile() -> None:
    """Stockholm's profile, and its cases assigned to rotlar."""
    Municipality.objects.update_or_create(pk=1, defaults=PROFILE)
    RotlarProfile.set_in_use(True)


def load_parties() -> dict[str, Party]:
    return {
        a: Party.objects.get_or_create(abbreviation=a, defaults={"name": n})[0] for a, n in PARTIES
    }


def load_bodies(rows) -> dict[str, Body]:
    """Bodies by name from rows (name, kind, office serving it[, name in running text])."""
    bodies = {}
    for name, kind, office, *running_name in rows:
        bodies[name], _ = Body.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "office": bodies.get(office),
                "running_name": "".join(running_name),
            },
        )
    return bodies


def load_people(
    rows, *, parties: dict[str, Party], bodies: dict[str, Body], terms: list[tuple[D, D | None]]
) -> dict[str, Person]:
    """People by full name from rows (first name, last name, party, [(body, role)]). A person new
    to the database joins the party at the start of the first term and takes each seat in every
    term (starts_on, ends_on): with its role in the first, as a plain member in the later ones (a
    new majority elects its own chairs). People already there are left as they are."""
    people = {}
    for first, last, party, seats in rows:
        person, created = Person.objects.get_or_create(first_name=first, last_name=last)
        people[person.full_name] = person
        if not created:
            continue
        PartyAffiliation.objects.create(person=person, party=parties[party], starts_on=terms[0][0])
        for body, role in seats:
            for number, (starts_on, ends_on) in enumerate(terms):
                Membership.objects.create(
                    person=person,
                    body=bodies[body],
                    role=role if number == 0 else Membership.Role.MEMBER,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
    return people


def load_chains(chains: dict, bodies: dict[str, Body]) -> None:
    """The decision chain of each kind of case: (body, the decision it usually makes), in order."""
    for kind, chain in chains.items():
        for position, (body, items) in enumerate(chain, start=1):
            ChainStep.objects.get_or_create(
                case_kind=kind,
                position=position,
                defaults={"body": bodies[body], "default_items": items},
            )


@transaction.atomic
def load_reference_case() -> Case:
    """The case KS 2023/1387 at its real state: KS has proposed, KF has not yet decided."""
    existing = Case.objects.by_dnr(DNR).first()
    if existing:
        return existing
    ref = load_reference_data()
    bodies, people = ref["bodies"], ref["people"]
    kroon, wanngard = people["Gabriel Kroon"], people["Karin Wanngård"]
    jonsson, naddebo = people["Jan Jonsson"], people["Jonas Naddebo"]

    motion = motion_register(
        registry=ref["registry"],
        title=TITLE,
        movers=[kroon],
        sequence=1387,
        filed_on=D(2023, 9, 25),
        registered_on=D(2023, 9, 27),  # assumed
        att_satser=[
            "att kommunfullmäktige ger berörda nämnder i uppdrag att vara en aktiv part med "
            "ambitionen att delta i gemensamma projekt med Migrationsverket kring frivillig återvandring"
        ],
        rotel=ref["rotlar"]["I"],
    )
    case = motion.case

    sent, due = D(2023, 10, 10), D(2024, 3, 31)  # assumed
    slk = referral_send(
        case=case, body=bodies["Stadsledningskontoret"], sent_on=sent, due_on=D(2024, 4, 30)
    )
    amn = referral_send(case=case, body=bodies["Arbetsmarknadsnämnden"], sent_on=sent, due_on=due)
    sn = referral_send(case=case, body=bodies["Socialnämnden"], sent_on=sent, due_on=due)
    case.transition_to(Status.REFERRED, note="Remitterat till tre instanser.", at=_at(sent, 10))

    def committee_answer(
        referral, date: D, items, report_dated: D, report_text: str, statements
    ) -> None:
        """The committee decides at its meeting, adopting its office's report; statements follow."""
        meeting = Meeting.objects.create(
            body=referral.body,
            date=date,
            justering_deadline=_at(date + _dt.timedelta(days=7), 12),  # assumed
        )
        referral_answer_by_decision(
            referral=referral,
            meeting=meeting,
            items=items,
            report_dated=report_dated,
            report_text=report_text,
        )
        for kind, author, statement_items, text in statements:
            member_statement_file(
                decision=referral.decision,
                kind=kind,
                authors=[author],
                items=statement_items,
                text=text,
            )

    reservation, special = MemberStatement.Kind.RESERVATION, MemberStatement.Kind.SPECIAL_STATEMENT
    committee_answer(
        sn,
        D(2024, 3, 19),
        SN_DECISION_ITEMS,
        D(2024, 3, 4),
        SOF_REPORT_TEXT,
        [
            (reservation, kroon, SN_KROON_ITEMS, SN_KROON_TEXT),
            (special, jonsson, [], SN_JONSSON_TEXT),
        ],
    )
    committee_answer(
        amn,
        D(2024, 3, 26),
        AMN_DECISION_ITEMS,
        D(2024, 3, 14),
        AMF_REPORT_TEXT,
        [
            (reservation, people["Ann-Christine Carlberg"], AMN_CARLBERG_ITEMS, AMN_CARLBERG_TEXT),
            (special, people["Christina Tufvesson"], [], AMN_TUFVESSON_TEXT),
        ],
    )

    referral_answer_by_report(
        referral=slk, dated=D(2024, 4, 15), text=SLK_REPORT_TEXT, proposed_items=SLK_PROPOSED_ITEMS
    )
    case.transition_to(
        Status.IN_PREPARATION, note="Alla remissvar har kommit in.", at=_at(D(2024, 4, 16), 9)
    )  # assumed: the day after the last answer

    utlatande = Utlatande(
        motion=motion,
        rapporteur=wanngard,
        proposed_items=PROPOSED_ITEMS,
        summary=SUMMARY,
        views=VIEWS,
        matter=MATTER,
    )
    utlatande.full_clean()
    utlatande.save()
    utlatande.attachments.set(case.documents.filter(number=1))
    for referral, text in ((slk, SUMMARY_SLK), (amn, SUMMARY_AMN), (sn, SUMMARY_SN)):
        PreparationSummary.objects.create(utlatande=utlatande, referral=referral, text=text)
    case.transition_to(Status.IN_DECISION, at=_at(D(2024, 5, 15), 9))  # assumed

    brb_date = D(2024, 5, 22)  # assumed
    brb_meeting = Meeting.objects.create(body=bodies["Borgarrådsberedningen"], date=brb_date)
    motion_chain_decide(
        motion=motion, meeting=brb_meeting, items=ENDORSEMENT_ITEMS, at=_at(brb_date, 12)
    )
    ks_date = D(2024, 6, 5)
    ks_meeting = Meeting.objects.create(
        body=bodies["Kommunstyrelsen"],
        date=ks_date,
        justering_deadline=_at(D(2024, 6, 7), 12),  # assumed
    )
    motion_chain_decide(
        motion=motion,
        meeting=ks_meeting,
        items=KS_DECISION_ITEMS,
        signatory=wanngard,
        at=_at(ks_date, 16),
    )
    utlatande = Utlatande.objects.get(pk=utlatande.pk)
    member_statement_file(
        decision=utlatande.ks_decision,
        kind=MemberStatement.Kind.RESERVATION,
        authors=[kroon],
        items=KS_KROON_ITEMS,
        text=KS_KROON_TEXT,
    )
    member_statement_file(
        decision=utlatande.ks_decision,
        kind=MemberStatement.Kind.RESERVATION,
        authors=[jonsson, naddebo],
        items=KS_JONSSON_NADDEBO_ITEMS,
        text=KS_JONSSON_NADDEBO_TEXT,
    )
    return case


# Invented cases beside the real one, so that the demo shows a case in every state, a referral to a
# municipal company and to an outside authority, and a decision that has gained legal force.
MORE_TITLES = {
    Status.REGISTERED: "Motion om stöd till unga som lider av ångest",
    Status.REFERRED: "Motion om renare vatten i Mälaren",
    Status.IN_PREPARATION: "Motion om fler bostäder för studenter",
    Status.DECIDED: "Motion om fler bänkar i parkerna",
    Status.WITHDRAWN: "Motion om en ny bro över Saltsjön",
    Status.WRITTEN_OFF: "Motion om längre öppettider på biblioteken",
}


@transaction.atomic
def load_more_cases() -> list[Case]:
    """Invented cases, one in each state the reference case is not in: registered; referred to a
    municipal company and to an outside authority, one of which has answered; in preparation
    after a company's answer; decided by kommunfullmäktige, its protokoll justerat and posted on
    the anslagstavla long ago, so the decision has gained legal force; withdrawn; written off
    under the one-year rule. Run again, it adds nothing."""
    if Case.objects.filter(title=MORE_TITLES[Status.REGISTERED]).exists():
        return list(Case.objects.filter(title__in=MORE_TITLES.values()))
    ref = load_reference_data()
    bodies, people, registry = ref["bodies"], ref["people"], ref["registry"]
    wanngard, jonsson = people["Karin Wanngård"], people["Jan Jonsson"]
    kroon, naddebo = people["Gabriel Kroon"], people["Jonas Naddebo"]

    def motion(state: str, movers, filed: D, sequence: int, text: str, att: str):
        return motion_register(
            registry=registry,
            title=MORE_TITLES[state],
            movers=movers,
            filed_on=filed,
            registered_on=filed,
            sequence=sequence,
            text=text,
            att_satser=[att],
            rotel=ref["rotlar"]["I"],
        )

    # Written off: filed more than a year before KS reported it to KF, which wrote it off.
    written_off = motion(
        Status.WRITTEN_OFF,
        [kroon],
        D(2022, 11, 2),
        1702,
        "Biblioteken ska vara öppna på kvällar och helger.",
        "att kommunfullmäktige ger kulturnämnden i uppdrag att förlänga bibliotekens öppettider",
    )
    report = deadline_report_make(as_of=D(2023, 11, 20))
    kf_write_off = meeting_get_or_create(
        body=bodies["Kommunfullmäktige"],
        date=D(2023, 12, 4),
        justering_deadline=_at(D(2023, 12, 8), 12),
    )
    deadline_report_write_off(
        report=report,
        motions=[written_off],
        meeting=kf_write_off,
        items=["Motionen avskrivs från vidare handläggning."],
    )

    # Decided, with legal force: prepared, through the chain, KF's minutes posted long ago.
    decided = motion(
        Status.DECIDED,
        [jonsson],
        D(2023, 2, 6),
        312,
        "Fler bänkar gör parkerna till platser för alla, också för den som behöver vila.",
        "att kommunfullmäktige ger trafiknämnden i uppdrag att ställa ut fler bänkar i parkerna",
    )
    case = decided.case
    slk = referral_send(
        case=case,
        body=bodies["Stadsledningskontoret"],
        sent_on=D(2023, 2, 20),
        due_on=D(2023, 5, 31),
    )
    case.transition_to(Status.REFERRED, at=_at(D(2023, 2, 20), 10))
    referral_answer_by_report(
        referral=slk,
        dated=D(2023, 5, 15),
        text="Stadsledningskontoret tillstyrker motionen.",
        proposed_items=["Motionen bifalls."],
    )
    case.transition_to(Status.IN_PREPARATION, at=_at(D(2023, 5, 16), 9))
    utlatande = Utlatande(
        motion=decided,
        rapporteur=wanngard,
        proposed_items=["Motionen bifalls."],
        summary="Motionären vill ha fler bänkar i parkerna. Stadsledningskontoret tillstyrker.",
        views="Jag delar motionärens uppfattning: parkerna ska vara till för alla.",
        matter="Motionen har remitterats till stadsledningskontoret, som tillstyrker den.",
    )
    utlatande.full_clean()
    utlatande.save()
    PreparationSummary.objects.create(
        utlatande=utlatande, referral=slk, text="Stadsledningskontoret tillstyrker motionen."
    )
    case.transition_to(Status.IN_DECISION, at=_at(D(2023, 8, 21), 9))
    chain = [
        ("Borgarrådsberedningen", D(2023, 8, 23), None, ENDORSEMENT_ITEMS),
        ("Kommunstyrelsen", D(2023, 9, 6), _at(D(2023, 9, 8), 12), ["Motionen bifalls."]),
        ("Kommunfullmäktige", D(2023, 9, 25), _at(D(2023, 9, 29), 12), ["Motionen bifalls."]),
    ]
    for body, date, justering, items in chain:
        meeting = meeting_get_or_create(body=bodies[body], date=date, justering_deadline=justering)
        motion_chain_decide(
            motion=decided,
            meeting=meeting,
            items=items,
            signatory=wanngard if body == "Kommunstyrelsen" else None,
            outcomes={case.pk: decided.Outcome.APPROVED} if body == "Kommunfullmäktige" else None,
            at=_at(date, 16),
        )
    kf_decided = Meeting.objects.get(body=bodies["Kommunfullmäktige"], date=D(2023, 9, 25))
    meeting_post_anslag(
        meeting=kf_decided,
        posted_on=D(2023, 10, 2),
        kept_at="Stadshuset, stadsarkivet",
        today=D(2023, 10, 2),
    )

    # In preparation: the municipal company has answered.
    housing = motion(
        Status.IN_PREPARATION,
        [naddebo],
        D(2024, 9, 2),
        1210,
        "Studenter i Stockholm står i kö i flera år för en bostad.",
        "att kommunfullmäktige ger Stockholms Stadshus AB i uppdrag att bygga fler studentbostäder",
    )
    company = referral_send(
        case=housing.case,
        body=bodies["Stockholms Stadshus AB"],
        sent_on=D(2024, 9, 16),
        due_on=D(2024, 12, 13),
    )
    housing.case.transition_to(Status.REFERRED, at=_at(D(2024, 9, 16), 10))
    referral_answer_by_report(
        referral=company,
        dated=D(2024, 12, 2),
        text="Bolagskoncernen kan bygga 500 studentbostäder till 2028 inom ramen för sina planer.",
    )
    housing.case.transition_to(Status.IN_PREPARATION, at=_at(D(2024, 12, 3), 9))

    # Referred: to a municipal company and to an outside authority; the authority has answered.
    water = motion(
        Status.REFERRED,
        [jonsson],
        D(2025, 3, 3),
        402,
        "Mälaren är dricksvatten för två miljoner människor och måste skyddas.",
        "att kommunfullmäktige ger Stockholm Vatten och Avfall AB i uppdrag att minska utsläppen",
    )
    for body in ("Stockholm Vatten och Avfall AB", "Länsstyrelsen i Stockholms län"):
        referral_send(
            case=water.case, body=bodies[body], sent_on=D(2025, 3, 17), due_on=D(2025, 6, 13)
        )
    water.case.transition_to(Status.REFERRED, at=_at(D(2025, 3, 17), 10))
    referral_answer_by_report(
        referral=water.case.referrals.get(body=bodies["Länsstyrelsen i Stockholms län"]),
        dated=D(2025, 5, 28),
        text="Länsstyrelsen delar motionärens bedömning att Mälarens vatten behöver skyddas.",
    )

    # Withdrawn by its mover; registered, not yet handled.
    bridge = motion(
        Status.WITHDRAWN,
        [kroon],
        D(2025, 4, 7),
        515,
        "En ny bro över Saltsjön skulle korta resorna mellan Södermalm och Djurgården.",
        "att kommunfullmäktige ger trafiknämnden i uppdrag att utreda en ny bro",
    )
    motion_withdraw(
        motion=bridge,
        reason="Motionären återkallade motionen den 12 maj 2025.",
        at=_at(D(2025, 5, 12), 10),
    )
    motion(
        Status.REGISTERED,
        [wanngard],
        D(2025, 9, 1),
        960,
        "Allt fler unga lider av ångest och väntar länge på hjälp.",
        "att kommunfullmäktige ger socialnämnden i uppdrag att korta väntetiderna för unga",
    )
    return list(Case.objects.filter(title__in=MORE_TITLES.values()))


LETTER_TITLE = "Skrivelse om algblomning i Mälaren"
LETTER_HTML = """<!doctype html><html lang="sv"><head><title>{title}</title></head><body>
<h1>{title}</h1>
<p>Mälarens vattenvårdsförbund har under sommaren mätt ovanligt mycket cyanobakterier
(blågröna alger) vid badplatserna i Ekerö och Stockholm. Förbundet ber staden att ta med
mätningarna i beredningen av motionen om renare vatten i Mälaren.</p>
</body></html>"""


@transaction.atomic
def load_document_files() -> list[Document]:
    """A letter with a PDF on the case about Mälaren, whose words ("cyanobakterier") only the
    file has, so that the case search finds the case by its document's text once the worker has
    read it. Run again, it adds nothing."""
    case = Case.objects.filter(title=MORE_TITLES[Status.REFERRED]).first()
    if case is None or case.documents.filter(title=LETTER_TITLE).exists():
        return []
    pdf = html_to_pdf(LETTER_HTML.format(title=LETTER_TITLE), stylesheets=[])
    letter = document_register(
        case=case,
        dated=D(2025, 8, 20),
        registered_on=D(2025, 8, 21),
        kind="ovrigt",
        title=LETTER_TITLE,
        counterpart="Mälarens vattenvårdsförbund",
        file=ContentFile(pdf, name="skrivelse.pdf"),
    )
    return [letter]


@transaction.atomic
def load_practice_meetings(today: D) -> list[Meeting]:
    """So that every demo politician can try every step today: seats in the new term, and a
    practice motion decided today by KS and by arbetsmarknadsnämnden, with justering three days
    ahead. Run on another day, it adds that day's practice meetings; on the same day, nothing."""
    ref = load_reference_data()
    bodies, people = ref["bodies"], ref["people"]
    _seats_in_new_term(ref)
    justering = _at(today + _dt.timedelta(days=3), 12)
    bodies_today = [bodies["Kommunstyrelsen"], bodies["Arbetsmarknadsnämnden"]]
    if Meeting.objects.filter(body__in=bodies_today, date=today, decisions__isnull=False).exists():
        return list(Meeting.objects.filter(body__in=bodies_today, date=today))
    motion = motion_register(
        registry=ref["registry"],
        title=PRACTICE_TITLE,
        movers=[people["Jan Jonsson"]],
        filed_on=today,
        registered_on=today,
        rotel=ref["rotlar"]["I"],
        att_satser=["att kommunfullmäktige ger idrottsnämnden i uppdrag att bygga fler simhallar"],
        text="Stockholm behöver fler simhallar, så att alla barn lär sig simma.",
    )
    meetings = []
    for body in bodies_today:
        meeting = meeting_get_or_create(body=body, date=today, justering_deadline=justering)
        decision_record(
            meeting=meeting, case=motion.case, items=[f"{body} föreslår att motionen bifalls."]
        )
        meetings.append(meeting)
    return meetings


def _seats_in_new_term(ref: dict) -> None:
    for first, last, _party, seats in PEOPLE:
        for body, role in seats:
            Membership.objects.get_or_create(
                person=ref["people"][f"{first} {last}"],
                body=ref["bodies"][body],
                role=role,
                starts_on=NEW_TERM_START,
                defaults={"ends_on": None},
            )


@transaction.atomic
def load_live_practice_meeting(today: D) -> Meeting:
    """Kommunfullmäktige today in the evening, its kallelse sent, not yet opened: so that the
    secretary can open it and run it live, and the demo politicians, who all sit in KF, ask to
    speak, put yrkanden and vote from their own devices today. Run again the same day, it adds
    nothing."""
    ref = load_reference_data()
    _seats_in_new_term(ref)
    kf = ref["bodies"]["Kommunfullmäktige"]
    meeting, _ = Meeting.objects.get_or_create(
        body=kf,
        date=today,
        defaults={"place": "Stadshuset, Rådssalen (övning)", "starts_at": _dt.time(18)},
    )
    if not meeting.agenda_items.exists():
        agenda_add(
            meeting=meeting,
            title="Motion om fler parkbänkar (övningsärende)",
            proposal=[
                "att kommunfullmäktige ger trafiknämnden i uppdrag att sätta ut fler parkbänkar",
                "att uppdraget redovisas för kommunfullmäktige senast i december 2027",
            ],
        )
        agenda_add(
            meeting=meeting,
            title="Anmälan av nya motioner (övningsärende)",
            proposal=["Motionerna överlämnas till kommunstyrelsen för beredning."],
        )
        meeting_send_kallelse(meeting=meeting, now=_at(today, 8))
    return meeting


@transaction.atomic
def load_kf_meeting(today: D) -> Meeting:
    """Kommunfullmäktige's next meeting, a week ahead, planned with its agenda: the reference case
    (which stands at KF) and an item by hand. The kallelse is not yet sent, the meeting not opened:
    a clerk can take it from there. Run again, it adds nothing."""
    kf = Body.objects.get(name="Kommunfullmäktige")
    meeting, _ = Meeting.objects.get_or_create(
        body=kf,
        date=today + _dt.timedelta(days=7),
        defaults={"place": "Stadshuset, Rådssalen", "starts_at": _dt.time(13)},
    )
    if not meeting.agenda_items.exists():
        agenda_build(meeting=meeting)
        agenda_add(
            meeting=meeting,
            title="Anmälan av nya motioner",
            proposal=["Motionerna överlämnas till kommunstyrelsen för beredning."],
        )
    return meeting


@transaction.atomic
def create_demo_accounts(password: str = "demo") -> list[str]:
    """Clerks and each politician of the case, all with the same password. Idempotent."""
    # The groups come with migration casework 0003; a flushed test database may lack them.
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL}
    created = []
    accounts = [(username, groups[group], name.split(" ", 1)) for username, group, name in CLERKS]
    accounts += [
        (username_for(p), groups[roles.POLITIKER], (p.first_name, p.last_name))
        for p in Person.objects.all()
    ]
    for username, group, (first_name, last_name) in accounts:
        user, is_new = User.objects.get_or_create(username=username)
        if is_new:
            user.email = f"{username}@example.org"
            user.is_staff = user.is_superuser = group.name == roles.ADMINISTRATOR
            user.first_name, user.last_name = first_name, last_name
            user.set_password(password)
            user.save()
            created.append(username)
        user.groups.add(group)
    for person in Person.objects.filter(user=None):
        person.user = User.objects.filter(username=username_for(person)).first()
        person.save(update_fields=["user"])
    return created
