"""Which regional desk a dateline place belongs to.

A compact, hand-kept table: every country, capitals, major cities, US states,
Canadian provinces and Australian states, mapped to one of the default regional
desks. Lookups are case- and accent-insensitive ("SÃO PAULO" == "Sao Paulo").

Editorial choices, as most wire desks make them:
- Egypt (and Cairo) goes to middle-east, although it is in Africa.
- The rest of North Africa (Libya, Tunisia, Algeria, Morocco, Sudan) goes to africa.
- Turkey, Cyprus, Russia and the Caucasus go to europe.
- Afghanistan, Pakistan and Central Asia go to asia-pacific.
- Greenland goes to europe (it is part of the Danish realm).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

EUROPE = "europe"
AMERICAS = "americas"
ASIA_PACIFIC = "asia-pacific"
MIDDLE_EAST = "middle-east"
AFRICA = "africa"

# One line per group; names separated by "|". Aliases and old spellings included.
_TABLE: dict[str, str] = {
    EUROPE: """
    Albania|Tirana|Andorra|Andorra la Vella|Armenia|Yerevan|Austria|Vienna|Salzburg|Innsbruck|
    Azerbaijan|Baku|Belarus|Minsk|Belgium|Brussels|Antwerp|Ghent|Liege|
    Bosnia|Bosnia and Herzegovina|Sarajevo|Bulgaria|Sofia|Croatia|Zagreb|Split|Cyprus|Nicosia|
    Czech Republic|Czechia|Prague|Brno|Denmark|Copenhagen|Aarhus|Estonia|Tallinn|
    Finland|Helsinki|France|Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Strasbourg|Bordeaux|Lille|
    Georgia|Tbilisi|Germany|Berlin|Munich|Hamburg|Frankfurt|Cologne|Stuttgart|Dusseldorf|
    Leipzig|Dresden|Bonn|Hanover|Nuremberg|Greece|Athens|Thessaloniki|Hungary|Budapest|
    Iceland|Reykjavik|Ireland|Dublin|Cork|Italy|Rome|Milan|Naples|Turin|Florence|Venice|Bologna|
    Genoa|Palermo|Kosovo|Pristina|Latvia|Riga|Liechtenstein|Vaduz|Lithuania|Vilnius|
    Luxembourg|Malta|Valletta|Moldova|Chisinau|Monaco|Montenegro|Podgorica|Netherlands|
    Holland|Amsterdam|The Hague|Hague|Rotterdam|Utrecht|Eindhoven|North Macedonia|Macedonia|
    Skopje|Norway|Oslo|Bergen|Poland|Warsaw|Krakow|Gdansk|Wroclaw|Portugal|Lisbon|Porto|
    Romania|Bucharest|Russia|Moscow|St Petersburg|Petersburg|Kaliningrad|Novosibirsk|
    Vladivostok|Yekaterinburg|Kazan|Sochi|Murmansk|San Marino|Serbia|Belgrade|Slovakia|
    Bratislava|Slovenia|Ljubljana|Spain|Madrid|Barcelona|Valencia|Seville|Bilbao|Malaga|
    Sweden|Stockholm|Gothenburg|Malmo|Switzerland|Bern|Berne|Geneva|Zurich|Basel|Lausanne|
    Davos|Turkey|Turkiye|Ankara|Istanbul|Izmir|Ukraine|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|
    Dnipro|Zaporizhzhia|Mariupol|Kherson|Donetsk|Luhansk|Crimea|Sevastopol|
    United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|London|
    Manchester|Birmingham|Liverpool|Glasgow|Edinburgh|Cardiff|Belfast|Leeds|Bristol|Oxford|
    Cambridge|Vatican|Vatican City|Gibraltar|Greenland|Nuuk|Faroe Islands|Strasbourg|
    Luxembourg City|Brussels|Sarajevo
    """,
    AMERICAS: """
    United States|US|USA|America|Washington|Washington DC|New York|New York City|Los Angeles|
    Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|
    Jacksonville|San Francisco|Seattle|Denver|Boston|Detroit|Nashville|Memphis|Portland|
    Las Vegas|Baltimore|Milwaukee|Albuquerque|Atlanta|Miami|Minneapolis|New Orleans|Cleveland|
    Pittsburgh|St Louis|Kansas City|Salt Lake City|Sacramento|Honolulu|Anchorage|Tampa|
    Orlando|Charlotte|Indianapolis|Columbus|Cincinnati|Raleigh|Richmond|Palo Alto|
    Silicon Valley|Cupertino|Menlo Park|Mountain View|Redmond|Wall Street|Capitol Hill|
    Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|
    Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|
    Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|
    New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|
    South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|
    Wisconsin|Wyoming|Puerto Rico|San Juan|Guam|
    Canada|Ottawa|Toronto|Montreal|Vancouver|Calgary|Edmonton|Winnipeg|Quebec|Quebec City|
    Halifax|Ontario|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|
    New Brunswick|Newfoundland|Mexico|Mexico City|Guadalajara|Monterrey|Tijuana|Cancun|
    Acapulco|Ciudad Juarez|Culiacan|Guatemala|Guatemala City|Belize|Belmopan|Honduras|
    Tegucigalpa|El Salvador|San Salvador|Nicaragua|Managua|Costa Rica|Panama|Panama City|
    Cuba|Havana|Haiti|Port-au-Prince|Dominican Republic|Santo Domingo|Jamaica|Kingston|
    Bahamas|Nassau|Barbados|Bridgetown|Trinidad and Tobago|Trinidad|Port of Spain|Grenada|
    Saint Lucia|St Lucia|Antigua|Antigua and Barbuda|Dominica|St Kitts and Nevis|
    Saint Vincent and the Grenadines|Bermuda|Cayman Islands|Colombia|Bogota|Medellin|Cali|
    Cartagena|Venezuela|Caracas|Maracaibo|Ecuador|Quito|Guayaquil|Peru|Lima|Cusco|Bolivia|
    La Paz|Sucre|Santa Cruz|Brazil|Brasilia|Sao Paulo|Rio de Janeiro|Rio|Salvador|
    Belo Horizonte|Fortaleza|Manaus|Recife|Porto Alegre|Curitiba|Belem|Chile|Santiago|
    Valparaiso|Argentina|Buenos Aires|Cordoba|Rosario|Mendoza|Uruguay|Montevideo|Paraguay|
    Asuncion|Guyana|Georgetown|Suriname|Paramaribo|French Guiana|Cayenne|Falkland Islands
    """,
    ASIA_PACIFIC: """
    China|Beijing|Peking|Shanghai|Guangzhou|Shenzhen|Chengdu|Chongqing|Wuhan|Tianjin|Nanjing|
    Hangzhou|Xian|Harbin|Kunming|Xinjiang|Urumqi|Tibet|Lhasa|Hong Kong|Macau|Macao|Taiwan|
    Taipei|Kaohsiung|Japan|Tokyo|Osaka|Kyoto|Yokohama|Nagoya|Sapporo|Fukuoka|Kobe|Hiroshima|
    Okinawa|Fukushima|South Korea|Korea|Seoul|Busan|Incheon|North Korea|Pyongyang|Mongolia|
    Ulaanbaatar|India|New Delhi|Delhi|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras|Bengaluru|
    Bangalore|Hyderabad|Ahmedabad|Pune|Jaipur|Lucknow|Srinagar|Kashmir|Kerala|Punjab|Assam|
    Manipur|Gujarat|Maharashtra|Tamil Nadu|Uttar Pradesh|Pakistan|Islamabad|Karachi|Lahore|
    Peshawar|Quetta|Rawalpindi|Afghanistan|Kabul|Kandahar|Herat|Bangladesh|Dhaka|Chittagong|
    Sri Lanka|Colombo|Nepal|Kathmandu|Bhutan|Thimphu|Maldives|Male|Myanmar|Burma|Yangon|
    Rangoon|Naypyitaw|Mandalay|Thailand|Bangkok|Phuket|Chiang Mai|Laos|Vientiane|Cambodia|
    Phnom Penh|Vietnam|Hanoi|Ho Chi Minh City|Saigon|Da Nang|Malaysia|Kuala Lumpur|Penang|
    Singapore|Indonesia|Jakarta|Bali|Denpasar|Surabaya|Bandung|Papua|Philippines|Manila|
    Cebu|Davao|Brunei|Bandar Seri Begawan|East Timor|Timor-Leste|Dili|Kazakhstan|Astana|
    Almaty|Uzbekistan|Tashkent|Samarkand|Kyrgyzstan|Bishkek|Tajikistan|Dushanbe|
    Turkmenistan|Ashgabat|Australia|Canberra|Sydney|Melbourne|Brisbane|Perth|Adelaide|Hobart|
    Darwin|Gold Coast|Victoria|New South Wales|Queensland|Tasmania|Western Australia|
    South Australia|Northern Territory|New Zealand|Wellington|Auckland|Christchurch|
    Papua New Guinea|Port Moresby|Fiji|Suva|Samoa|Apia|Tonga|Nukualofa|Solomon Islands|
    Honiara|Vanuatu|Port Vila|Kiribati|Tarawa|Micronesia|Palau|Marshall Islands|Majuro|
    Nauru|Tuvalu|Funafuti|    New Caledonia|Noumea|Tahiti|French Polynesia|Papeete
    """,
    MIDDLE_EAST: """
    Egypt|Cairo|Alexandria|Sharm el-Sheikh|Suez|Iran|Tehran|Teheran|Isfahan|Mashhad|Tabriz|
    Shiraz|Iraq|Baghdad|Basra|Mosul|Erbil|Kirkuk|Najaf|Israel|Jerusalem|Tel Aviv|Haifa|
    Palestinian Territories|Palestine|Gaza|Gaza Strip|Gaza City|Khan Younis|Rafah|West Bank|
    Ramallah|Hebron|Nablus|Jenin|Bethlehem|Jordan|Amman|Lebanon|Beirut|Tripoli Lebanon|Sidon|
    Syria|Damascus|Aleppo|Homs|Idlib|Saudi Arabia|Riyadh|Jeddah|Mecca|Medina|Dhahran|Yemen|
    Sanaa|Aden|Hodeidah|Oman|Muscat|United Arab Emirates|UAE|Abu Dhabi|Dubai|Sharjah|Qatar|
    Doha|Bahrain|Manama|Kuwait|Kuwait City|Golan Heights
    """,
    AFRICA: """
    Algeria|Algiers|Angola|Luanda|Benin|Porto-Novo|Cotonou|Botswana|Gaborone|Burkina Faso|
    Ouagadougou|Burundi|Gitega|Bujumbura|Cameroon|Yaounde|Douala|Cape Verde|Cabo Verde|Praia|
    Central African Republic|Bangui|Chad|N'Djamena|Comoros|Moroni|Congo|Republic of Congo|
    Brazzaville|Democratic Republic of Congo|Democratic Republic of the Congo|DR Congo|DRC|
    Kinshasa|Goma|Lubumbashi|Ivory Coast|Cote d'Ivoire|Abidjan|Yamoussoukro|Djibouti|
    Equatorial Guinea|Malabo|Eritrea|Asmara|Eswatini|Swaziland|Mbabane|Ethiopia|Addis Ababa|
    Gabon|Libreville|Gambia|Banjul|Ghana|Accra|Kumasi|Guinea|Conakry|Guinea-Bissau|Bissau|
    Kenya|Nairobi|Mombasa|Kisumu|Lesotho|Maseru|Liberia|Monrovia|Libya|Tripoli|Benghazi|
    Madagascar|Antananarivo|Malawi|Lilongwe|Blantyre|Mali|Bamako|Timbuktu|Mauritania|
    Nouakchott|Mauritius|Port Louis|Morocco|Rabat|Casablanca|Marrakesh|Marrakech|Tangier|
    Western Sahara|Laayoune|Mozambique|Maputo|Namibia|Windhoek|Niger|Niamey|Nigeria|Abuja|
    Lagos|Kano|Ibadan|Port Harcourt|Rwanda|Kigali|Sao Tome and Principe|Sao Tome|Senegal|
    Dakar|Seychelles|Victoria Seychelles|Sierra Leone|Freetown|Somalia|Mogadishu|Somaliland|
    Hargeisa|South Africa|Pretoria|Johannesburg|Cape Town|Durban|Soweto|South Sudan|Juba|
    Sudan|Khartoum|Omdurman|Port Sudan|Darfur|Tanzania|Dodoma|Dar es Salaam|Zanzibar|Togo|
    Lome|Tunisia|Tunis|Uganda|Kampala|Zambia|Lusaka|Zimbabwe|Harare|Bulawayo
    """,
}

_MARKS = re.compile(r"[\u0300-\u036f]")
_PUNCT = re.compile(r"[.'\u2019`]")
_SEPS = re.compile(r"[\s\-_/]+")


@lru_cache(maxsize=4096)
def place_key(name: str) -> str:
    """The lookup key for a place: accents, case, dots, apostrophes and hyphens folded."""
    text = unicodedata.normalize("NFKD", name)
    text = _MARKS.sub("", text).casefold()
    text = _PUNCT.sub("", text)
    text = _SEPS.sub(" ", text).strip()
    if text.startswith("saint "):
        text = "st " + text[6:]
    if text.startswith("the ") and text != "the hague":
        text = text[4:]
    return text


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for desk, names in _TABLE.items():
        for raw in names.split("|"):
            name = raw.strip()
            if name:
                table.setdefault(place_key(name), desk)
    return table


PLACES: dict[str, str] = _build()

# Region names that are also something else (the US state vs. the country):
# for these the place (the city) decides.
_AMBIGUOUS_REGIONS = frozenset({"georgia"})


def suggest_desk(place: str, region: str = "") -> str | None:
    """The regional desk for a dateline place and optional region/country, or None.

    The region (country or state) wins when it is known and unambiguous, so
    "Perth, Scotland" is europe; otherwise the place decides.
    """
    if region:
        key = place_key(region)
        desk = PLACES.get(key)
        if desk is not None and key not in _AMBIGUOUS_REGIONS:
            return desk
    if place:
        desk = PLACES.get(place_key(place))
        if desk is not None:
            return desk
    if region:
        return PLACES.get(place_key(region))
    return None
