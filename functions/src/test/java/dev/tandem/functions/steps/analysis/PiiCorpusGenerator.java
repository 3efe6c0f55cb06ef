package dev.tandem.functions.steps.analysis;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.tandem.contracts.pipeline.FindingType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes the analyzer's evaluation corpus. Synthetic only: phone numbers are generated within the
 * numbering plans by the reference library (libphonenumber) and formatted by it, identifiers, IBANs and
 * cards are random digits with their check digits computed here (independently of the detectors, so
 * that the corpus does not grade the analyzer by its own rules), addresses use documentation ranges and
 * example domains. The seed is fixed: the same corpus on every run, which {@code PiiCorpusTest} checks
 * against the file in the repository.
 *
 * <p>Run {@code main} (or {@code scripts/bench analyzer --regenerate}) after changing it.
 */
final class PiiCorpusGenerator {

    private final Random random = new Random(20261201L);
    private final List<PiiCorpus.Entry> entries = new ArrayList<>();
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : PiiCorpus.FILE;
        Files.writeString(file, generate().jsonl(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    static PiiCorpus generate() {
        PiiCorpusGenerator g = new PiiCorpusGenerator();
        g.phones();
        g.nationalIds();
        g.ibans();
        g.cards();
        g.emails();
        g.ipAddresses();
        g.birthDates();
        g.negatives();
        return new PiiCorpus(List.copyOf(g.entries));
    }

    // ---------------------------------------------------------------- building entries

    /** A text under construction: literal parts, and values with their labels. */
    private static final class Text {
        final StringBuilder sb = new StringBuilder();
        final List<PiiCorpus.Label> labels = new ArrayList<>();

        Text say(String s) {
            sb.append(s);
            return this;
        }

        Text value(FindingType type, String s) {
            labels.add(new PiiCorpus.Label(type, sb.length(), sb.length() + s.length()));
            sb.append(s);
            return this;
        }
    }

    /** One entry from a template whose "{}" is replaced by a labelled value (or, for negatives, plain text). */
    private void add(String lang, String kind, String template, FindingType type, String value) {
        int at = template.indexOf("{}");
        Text t = new Text().say(template.substring(0, at));
        if (type == null) {
            t.say(value);
        } else {
            t.value(type, value);
        }
        t.say(template.substring(at + 2));
        String prefix = type == null ? "neg" : "pos";
        long count = entries.stream().filter(e -> e.id().startsWith(prefix)).count();
        entries.add(new PiiCorpus.Entry(String.format(Locale.ROOT, "%s-%04d", prefix, count + 1), lang, kind, t.sb.toString(), List.copyOf(t.labels)));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private static String two(int n) {
        return String.format(Locale.ROOT, "%02d", n);
    }

    // ---------------------------------------------------------------- phone numbers

    private static final Map<String, String> LANG = Map.ofEntries(
            Map.entry("FR", "fr"), Map.entry("DE", "de"), Map.entry("GB", "en"), Map.entry("IE", "en"), Map.entry("ES", "es"),
            Map.entry("PT", "pt"), Map.entry("IT", "it"), Map.entry("NL", "nl"), Map.entry("BE", "fr"), Map.entry("AT", "de"),
            Map.entry("CH", "de"), Map.entry("PL", "pl"), Map.entry("SE", "sv"), Map.entry("DK", "da"), Map.entry("US", "en"),
            Map.entry("CA", "en"));

    private static final Map<String, List<String>> PHONE_LABELLED = Map.of(
            "en", List.of("Call me on {} tomorrow.", "Phone: {}", "You can reach the office at {} during business hours.", "Mobile {} (after 6pm)."),
            "fr", List.of("Tél. : {}", "Appelez-moi au {} demain.", "Mon portable : {}."),
            "de", List.of("Telefon: {}", "Rufen Sie mich unter {} an.", "Handy {} (abends)."),
            "es", List.of("Teléfono: {}", "Llámeme al {} por la tarde.", "Móvil: {}."),
            "it", List.of("Telefono: {}", "Chiamami al {} domani.", "Cellulare {}."),
            "nl", List.of("Telefoon: {}", "Bel mij op {} na 17 uur.", "Mobiel: {}."),
            "pt", List.of("Telefone: {}", "Ligue para {} amanhã.", "Telemóvel: {}."),
            "pl", List.of("Telefon: {}", "Proszę zadzwonić pod numer {} jutro.", "Komórka: {}."),
            "sv", List.of("Telefon: {}", "Ring mig på {} i morgon.", "Mobil: {}."),
            "da", List.of("Telefon: {}", "Ring til mig på {} i morgen.", "Mobil: {}."));

    /** No phone word: the number stands on its formatting. */
    private static final Map<String, List<String>> PHONE_PLAIN = Map.of(
            "en", List.of("If anything changes, I am on {} all week."),
            "fr", List.of("Je suis joignable au {} toute la semaine."),
            "de", List.of("Ich bin die ganze Woche unter {} erreichbar."),
            "es", List.of("Estoy disponible en el {} toda la semana."),
            "it", List.of("Sono raggiungibile al {} tutta la settimana."),
            "nl", List.of("Ik ben de hele week bereikbaar op {}."),
            "pt", List.of("Estou disponível no {} toda a semana."),
            "pl", List.of("Jestem dostępny pod {} przez cały tydzień."),
            "sv", List.of("Jag nås på {} hela veckan."),
            "da", List.of("Jeg kan nås på {} hele ugen."));

    private void phones() {
        for (String region : NumberingPlans.NATIONAL_REGIONS) {
            String lang = LANG.get(region);
            for (PhoneNumberType type : List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)) {
                for (int i = 0; i < 6; i++) {
                    PhoneNumber number = phoneNumber(region, type);
                    String national = phones.format(number, PhoneNumberFormat.NATIONAL);
                    String international = phones.format(number, PhoneNumberFormat.INTERNATIONAL);
                    String written = switch (i) {
                        case 0, 1, 2 -> national;
                        case 3 -> international;
                        case 4 -> phones.format(number, PhoneNumberFormat.E164);
                        default -> "00" + international.substring(1);
                    };
                    String template = i == 2 ? pick(PHONE_PLAIN.get(lang)) : pick(PHONE_LABELLED.get(lang));
                    add(lang, region.toLowerCase(Locale.ROOT) + "-phone-" + (i < 3 ? "national" : "international"), template,
                            FindingType.PHONE, written);
                }
            }
        }
        // Numbers reserved for fiction and documentation (Ofcom, NANP 555-01xx, ARCEP).
        for (int i = 0; i < 10; i++) {
            add("en", "gb-phone-reserved", pick(PHONE_LABELLED.get("en")), FindingType.PHONE, "07700 900" + digits(3));
            add("en", "gb-phone-reserved", pick(PHONE_LABELLED.get("en")), FindingType.PHONE, "020 7946 0" + digits(3));
            add("en", "us-phone-reserved", pick(PHONE_LABELLED.get("en")), FindingType.PHONE,
                    pick(List.of("(201)", "(415)", "(312)")) + " 555-01" + digits(2));
            add("fr", "fr-phone-reserved", pick(PHONE_LABELLED.get("fr")), FindingType.PHONE, "01 99 00 " + two(between(0, 99)) + " " + two(between(0, 99)));
        }
    }

    /** A valid number of the region and type: the library's example with its last digits varied. */
    private PhoneNumber phoneNumber(String region, PhoneNumberType type) {
        PhoneNumber example = phones.getExampleNumberForType(region, type);
        String nsn = String.valueOf(example.getNationalNumber());
        for (int attempt = 0; attempt < 100; attempt++) {
            String varied = nsn.substring(0, nsn.length() - 3) + digits(3);
            PhoneNumber candidate = new PhoneNumber().mergeFrom(example).setNationalNumber(Long.parseLong(varied));
            if (phones.isValidNumberForRegion(candidate, region)) {
                return candidate;
            }
        }
        return example;
    }

    // ---------------------------------------------------------------- national identifiers

    private void nationalIds() {
        for (int i = 0; i < 40; i++) {
            add("en", "us-ssn", pick(List.of("SSN {} on file.", "Social Security number: {}", "Employee SSN {}, please verify.")),
                    FindingType.NATIONAL_ID, ssn());
            add("en", "uk-nino", pick(List.of("National Insurance number {}.", "NI number: {}", "Her NINO is {} per HMRC.")),
                    FindingType.NATIONAL_ID, nino(i % 2 == 0));
            add("fr", "fr-nir", pick(List.of("Numéro de sécurité sociale : {}.", "NIR {} (carte Vitale).", "N° SS : {}")),
                    FindingType.NATIONAL_ID, nir(i % 2 == 0));
            add("es", "es-dni", pick(List.of("DNI {}.", "Con DNI: {} y domicilio en Madrid.", "Documento {}")),
                    FindingType.NATIONAL_ID, dni(i % 3 == 0));
            add("es", "es-nie", pick(List.of("NIE {}.", "Número de identidad de extranjero: {}")), FindingType.NATIONAL_ID, nie(i % 3 == 0));
            add("it", "it-codice-fiscale", pick(List.of("Codice fiscale: {}.", "C.F. {}", "Il codice fiscale del cliente è {}.")),
                    FindingType.NATIONAL_ID, codiceFiscale());
            add("nl", "nl-bsn", pick(List.of("BSN: {}.", "Burgerservicenummer {}", "Uw BSN is {}.")), FindingType.NATIONAL_ID, bsn(i % 4 == 0));
            add("de", "de-steuer-id", pick(List.of("Steuer-ID: {}.", "Steueridentifikationsnummer {}", "IdNr. {}")),
                    FindingType.NATIONAL_ID, steuerId(i % 3 == 0));
            add("pl", "pl-pesel", pick(List.of("PESEL: {}.", "Numer PESEL {}", "PESEL {} (klient)")), FindingType.NATIONAL_ID, pesel());
            boolean bare = i % 4 == 0;
            add("sv", "se-personnummer", bare ? "Personnummer {}." : pick(List.of("Personnummer: {}.", "Kundens pnr {}", "{} (sökande)")),
                    FindingType.NATIONAL_ID, personnummer(bare, i % 2 == 0));
        }
    }

    private String ssn() {
        int area;
        do {
            area = between(1, 899);
        } while (area == 666);
        return String.format(Locale.ROOT, "%03d-%02d-%04d", area, between(1, 99), between(1, 9999));
    }

    private static final String NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
    private static final String NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";

    private String nino(boolean spaced) {
        String prefix;
        do {
            prefix = "" + NINO_FIRST.charAt(random.nextInt(NINO_FIRST.length())) + NINO_SECOND.charAt(random.nextInt(NINO_SECOND.length()));
        } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
        String d = digits(6);
        char suffix = "ABCD".charAt(random.nextInt(4));
        return spaced ? prefix + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + suffix : prefix + d + suffix;
    }

    private String nir(boolean spaced) {
        int sex = between(1, 2);
        String yy = two(between(40, 99));
        String mm = two(between(1, 12));
        String dept = random.nextInt(10) == 0 ? pick(List.of("2A", "2B")) : two(between(1, 95));
        String commune = String.format(Locale.ROOT, "%03d", between(1, 990));
        String order = String.format(Locale.ROOT, "%03d", between(1, 999));
        String body = sex + yy + mm + dept + commune + order;
        long n = Long.parseLong(body.replace("2A", "19").replace("2B", "18"));
        String key = two((int) (97 - n % 97));
        return spaced ? sex + " " + yy + " " + mm + " " + dept + " " + commune + " " + order + " " + key : body + key;
    }

    private static final String DNI = "TRWAGMYFPDXBNJZSQVHLCKE";

    private String dni(boolean hyphen) {
        int n = between(10_000_000, 99_999_999);
        return n + (hyphen ? "-" : "") + DNI.charAt(n % 23);
    }

    private String nie(boolean hyphens) {
        int lead = random.nextInt(3);
        String seven = digits(7);
        char letter = DNI.charAt(Integer.parseInt(lead + seven) % 23);
        String x = String.valueOf("XYZ".charAt(lead));
        return hyphens ? x + "-" + seven + "-" + letter : x + seven + letter;
    }

    private String codiceFiscale() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append((char) ('A' + random.nextInt(26)));
        }
        sb.append(two(between(40, 99))).append("ABCDEHLMPRST".charAt(random.nextInt(12)));
        int day = between(1, 28) + (random.nextBoolean() ? 40 : 0);
        sb.append(two(day)).append(pick(List.of("H501", "F205", "L219", "G273", "A794"))).append(cfCheck(sb.toString()));
        return sb.toString();
    }

    private static char cfCheck(String fifteen) {
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = fifteen.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += (i % 2 == 0) ? odd[v] : v;
        }
        return (char) ('A' + sum % 26);
    }

    private String bsn(boolean dotted) {
        while (true) {
            String eight = between(1, 9) + digits(7);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (eight.charAt(i) - '0');
            }
            int last = sum % 11;
            if (last <= 9) {
                String s = eight + last;
                return dotted ? s.substring(0, 4) + "." + s.substring(4, 6) + "." + s.substring(6) : s;
            }
        }
    }

    private String steuerId(boolean spaced) {
        List<Integer> pool = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        java.util.Collections.shuffle(pool, random);
        List<Integer> ten = new ArrayList<>(pool.subList(0, 9));
        ten.add(ten.get(random.nextInt(9)));
        do {
            java.util.Collections.shuffle(ten, random);
        } while (ten.getFirst() == 0);
        StringBuilder s = new StringBuilder();
        ten.forEach(s::append);
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (s.charAt(i) - '0' + product) % 10;
            product = (sum == 0 ? 10 : sum) * 2 % 11;
        }
        int check = 11 - product;
        s.append(check == 10 ? 0 : check);
        String id = s.toString();
        return spaced ? id.substring(0, 2) + " " + id.substring(2, 5) + " " + id.substring(5, 8) + " " + id.substring(8) : id;
    }

    private String pesel() {
        LocalDate born = LocalDate.of(between(1930, 2012), between(1, 12), between(1, 28));
        int month = born.getMonthValue() + (born.getYear() >= 2000 ? 20 : 0);
        String s = two(born.getYear() % 100) + two(month) + two(born.getDayOfMonth()) + digits(4);
        int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += w[i] * (s.charAt(i) - '0');
        }
        return s + (10 - sum % 10) % 10;
    }

    private String personnummer(boolean bare, boolean century) {
        LocalDate born = LocalDate.of(between(1940, 2010), between(1, 12), between(1, 28));
        String nine = two(born.getYear() % 100) + two(born.getMonthValue()) + two(born.getDayOfMonth()) + digits(3);
        String ten = nine + luhnDigit(nine);
        String date = (century ? String.valueOf(born.getYear() / 100) : "") + ten.substring(0, 6);
        return bare ? date + ten.substring(6) : date + "-" + ten.substring(6);
    }

    /** The digit that makes {@code body + digit} pass Luhn. */
    private static int luhnDigit(String body) {
        int sum = 0;
        boolean doubled = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    // ---------------------------------------------------------------- IBANs and cards

    /** The registry's lengths are data both sides share; the check digits are computed here, not taken from the detector. */
    private static final Map<String, Integer> IBAN_LENGTHS = Detectors.Iban.LENGTHS;
    /** Countries whose BBAN starts with a four-letter bank code (SWIFT IBAN registry). */
    private static final List<String> LETTER_BANK_CODES = List.of("BG", "GB", "GI", "IE", "LV", "MT", "NL", "RO");

    private void ibans() {
        List<String> countries = IBAN_LENGTHS.keySet().stream().sorted().toList();
        List<String> templates = List.of("Please transfer to IBAN {}.", "IBAN: {}", "Bankverbindung: {}", "Virement sur le compte {} avant vendredi.",
                "Cuenta {}", "Conto corrente {}", "Rekeningnummer {}", "Rachunek {}");
        for (String country : countries) {
            for (int i = 0; i < 5; i++) {
                add("en", country.toLowerCase(Locale.ROOT) + "-iban", pick(templates), FindingType.IBAN, iban(country, i % 2 == 0, true));
            }
        }
    }

    private String iban(String country, boolean grouped, boolean valid) {
        int length = IBAN_LENGTHS.get(country);
        StringBuilder bban = new StringBuilder();
        if (LETTER_BANK_CODES.contains(country)) {
            for (int i = 0; i < 4; i++) {
                bban.append((char) ('A' + random.nextInt(26)));
            }
        }
        bban.append(digits(length - 4 - bban.length()));
        int check = 98 - mod97(bban + country + "00");
        if (!valid) {
            check = (check + between(1, 96)) % 97;
            check = check < 2 ? check + 2 : check;
        }
        String iban = country + two(check) + bban;
        if (!grouped) {
            return iban;
        }
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            g.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
        }
        return g.toString();
    }

    private static int mod97(String s) {
        int mod = 0;
        for (char c : s.toCharArray()) {
            mod = Character.isDigit(c) ? (mod * 10 + c - '0') % 97 : (mod * 100 + c - 'A' + 10) % 97;
        }
        return mod;
    }

    /** Schemes by a prefix they issue and their card length. */
    private static final List<String[]> CARD_SCHEMES = List.of(
            new String[] {"visa", "4", "16"}, new String[] {"mastercard", "5", "16"}, new String[] {"mastercard-2", "2", "16"},
            new String[] {"amex", "3", "15"}, new String[] {"discover", "6011", "16"}, new String[] {"diners", "36", "14"},
            new String[] {"jcb", "35", "16"}, new String[] {"unionpay", "62", "16"}, new String[] {"maestro", "6759", "19"},
            new String[] {"mir", "220", "16"});

    private void cards() {
        List<String> templates = List.of("Card number {} was charged.", "Karte {} abgelehnt.", "Carte bancaire : {}", "Tarjeta {}",
                "Paid with {} yesterday.", "Carta di credito {}.");
        for (String[] scheme : CARD_SCHEMES) {
            for (int i = 0; i < 15; i++) {
                add("en", "card-" + scheme[0], pick(templates), FindingType.PAYMENT_CARD, card(scheme[0], Integer.parseInt(scheme[2]), i % 2 == 0, true));
            }
        }
    }

    private String card(String scheme, int length, boolean grouped, boolean valid) {
        String prefix = switch (scheme) {
            case "mastercard" -> "5" + between(1, 5);
            case "mastercard-2" -> String.valueOf(between(2221, 2720));
            case "amex" -> pick(List.of("34", "37"));
            case "jcb" -> String.valueOf(between(3528, 3589));
            case "mir" -> "220" + between(0, 4);
            default -> CARD_SCHEMES.stream().filter(s -> s[0].equals(scheme)).findFirst().orElseThrow()[1];
        };
        String body = prefix + digits(length - 1 - prefix.length());
        int check = luhnDigit(body);
        String number = body + (valid ? check : (check + between(1, 9)) % 10);
        if (!grouped) {
            return number;
        }
        if (length == 15) {
            return number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
        }
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < number.length(); i += 4) {
            g.append(i == 0 ? "" : " ").append(number, i, Math.min(number.length(), i + 4));
        }
        return g.toString();
    }

    // ---------------------------------------------------------------- e-mail, IP addresses, dates of birth

    private void emails() {
        List<String> names = List.of("maria.gonzalez", "j.dupont", "hans-peter.mueller", "anna_k", "jürgen.weiß", "ola.nordmann",
                "k.kowalska", "li.wei", "m.rossi+billing", "support-team");
        List<String> domains = List.of("example.com", "example.org", "example.net", "mail.example.fr", "example.de", "sub.example.co.uk");
        List<String> templates = List.of("Write to {} for details.", "E-Mail: {}", "Courriel : {}.", "Correo: {}", "cc {}; thanks");
        for (int i = 0; i < 60; i++) {
            add("en", "email", pick(templates), FindingType.EMAIL, pick(names) + "@" + pick(domains));
        }
    }

    private void ipAddresses() {
        List<String> templates = List.of("Request from {} was blocked.", "Quell-IP {}", "adresse IP {}.", "host {} unreachable");
        for (int i = 0; i < 40; i++) {
            String ip = switch (i % 4) {
                case 0 -> "192.0.2." + between(1, 254);
                case 1 -> "198.51.100." + between(1, 254);
                case 2 -> "203.0.113." + between(1, 254);
                default -> "2001:db8::" + Integer.toHexString(between(1, 0xffff));
            };
            add("en", "ip-address", pick(templates), FindingType.IP_ADDRESS, ip);
        }
    }

    private static final Map<String, List<String>> BIRTH = Map.of(
            "en", List.of("Date of birth: {}.", "DOB {}", "She was born on {} in Leeds."),
            "fr", List.of("Date de naissance : {}.", "Né le {} à Lyon.", "née le {}"),
            "de", List.of("Geburtsdatum: {}.", "geboren am {} in Köln", "geb. {}"),
            "es", List.of("Fecha de nacimiento: {}.", "nacido el {} en Sevilla"),
            "it", List.of("Data di nascita: {}.", "nato il {} a Torino"),
            "nl", List.of("Geboortedatum: {}.", "geboren op {} te Utrecht"),
            "pt", List.of("Data de nascimento: {}.", "nascido em {} no Porto"),
            "pl", List.of("Data urodzenia: {}.", "urodzony {} w Krakowie"),
            "sv", List.of("Född {} i Uppsala.", "Födelsedatum: {}"),
            "da", List.of("Født {} i Aarhus.", "Fødselsdato: {}"));
    private static final Map<String, List<String>> MONTH_NAMES = Map.of(
            "en", List.of("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
            "fr", List.of("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
            "de", List.of("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"),
            "es", List.of("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
            "it", List.of("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
            "nl", List.of("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
            "pt", List.of("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
            "pl", List.of("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"),
            "sv", List.of("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"),
            "da", List.of("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"));

    private void birthDates() {
        for (String lang : List.of("en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da")) {
            for (int i = 0; i < 10; i++) {
                add(lang, "date-of-birth", pick(BIRTH.get(lang)), FindingType.DATE_OF_BIRTH, date(lang, i % 4));
            }
        }
    }

    private String date(String lang, int style) {
        LocalDate d = LocalDate.of(between(1940, 2008), between(1, 12), between(1, 28));
        String month = MONTH_NAMES.get(lang).get(d.getMonthValue() - 1);
        return switch (style) {
            case 0 -> two(d.getDayOfMonth()) + "." + two(d.getMonthValue()) + "." + d.getYear();
            case 1 -> d.toString();
            case 2 -> two(d.getDayOfMonth()) + "/" + two(d.getMonthValue()) + "/" + d.getYear();
            default -> switch (lang) {
                case "en" -> month + " " + d.getDayOfMonth() + ", " + d.getYear();
                case "de" -> d.getDayOfMonth() + ". " + month + " " + d.getYear();
                case "es", "pt" -> d.getDayOfMonth() + " de " + month + " de " + d.getYear();
                default -> d.getDayOfMonth() + " " + month + " " + d.getYear();
            };
        };
    }

    // ---------------------------------------------------------------- hard negatives

    private void negatives() {
        for (int i = 0; i < 40; i++) {
            // Order, invoice, customer and tracking numbers that have a phone number's digits.
            String tenDigits = "0" + between(1, 9) + digits(8);
            add("en", "negative:order-number", pick(List.of("Order no. {} has shipped.", "Your order {} is confirmed.", "Order #{} delayed.")), null, tenDigits);
            add("fr", "negative:order-number", pick(List.of("Commande n° {} expédiée.", "Facture {} réglée.")), null, tenDigits);
            add("de", "negative:order-number", pick(List.of("Bestellnummer {} versandt.", "Rechnung Nr. {} bezahlt.", "Kundennummer {}")), null, tenDigits);
            add("es", "negative:order-number", pick(List.of("Pedido nº {} enviado.", "Factura {} pagada.")), null, tenDigits);
            add("it", "negative:order-number", pick(List.of("Ordine n. {} spedito.", "Fattura {} pagata.")), null, tenDigits);
            add("nl", "negative:order-number", pick(List.of("Bestelling {} verzonden.", "Factuur {} betaald.")), null, tenDigits);
            add("en", "negative:invoice-id", pick(List.of("Invoice {} attached.", "Ref {} closed.")), null,
                    pick(List.of("INV-", "FA-", "RE-")) + between(2019, 2026) + "-" + digits(6));
            add("en", "negative:tracking-number", pick(List.of("Tracking number {}.", "Sendungsnummer {}", "Colis {} livré.")), null,
                    pick(List.of("1Z", "JD", "")) + digits(between(11, 18)));
            // Timestamps and dates that are not dates of birth.
            LocalDate day = LocalDate.of(between(2015, 2026), between(1, 12), between(1, 28));
            add("en", "negative:timestamp", pick(List.of("Logged at {}.", "Created {} by the batch job.", "Zeitstempel {}")), null,
                    pick(List.of(day + " " + two(between(0, 23)) + ":" + two(between(0, 59)) + ":" + two(between(0, 59)),
                            day + "T" + two(between(0, 23)) + ":" + two(between(0, 59)) + ":00Z",
                            two(day.getDayOfMonth()) + "." + two(day.getMonthValue()) + "." + day.getYear() + " " + two(between(0, 23)) + ":" + two(between(0, 59)))));
            String lang = pick(List.of("en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da"));
            add(lang, "negative:date", pick(List.of("Meeting on {}.", "Réunion le {}.", "Lieferung am {}.", "Entrega el {}.", "Vergadering op {}.", "Contract signed {}.")),
                    null, date(lang, i % 4));
            // Versions, amounts, postcodes, coordinates, product and article codes.
            add("en", "negative:version", pick(List.of("Upgrade to version {}.", "build {} is out", "v{} released")), null,
                    pick(List.of(between(1, 20) + "." + between(0, 30) + "." + between(0, 99), between(1, 9) + "." + between(0, 20) + "." + between(0, 9) + "." + between(256, 9999))));
            add("de", "negative:amount", pick(List.of("Betrag: {} EUR", "Total {} €", "Amount ${} due")), null,
                    pick(List.of(between(1, 999) + "." + between(100, 999) + "." + between(100, 999) + "," + two(between(0, 99)),
                            between(1, 999) + " " + between(100, 999) + " " + between(100, 999) + "," + two(between(0, 99)),
                            between(1, 999) + "," + between(100, 999) + "," + between(100, 999) + "." + two(between(0, 99)))));
            add("fr", "negative:postcode", pick(List.of("{} Paris", "D-{} Berlin", "{} Madrid", "NL {} AB Amsterdam")), null, digits(5).replaceFirst("^0", "1"));
            add("en", "negative:coordinates", "Site at {}.", null, between(35, 60) + "." + digits(4) + ", " + between(1, 20) + "." + digits(4));
            add("en", "negative:product-code", pick(List.of("SKU {}", "Art.-Nr. {}", "Product code {}", "Réf. {}", "Modell {}", "Part {} in stock")), null,
                    pick(List.of("0" + between(1, 9) + " " + two(between(0, 99)) + " " + two(between(0, 99)) + " " + two(between(0, 99)) + " " + two(between(0, 99)),
                            "030 " + digits(4) + " " + digits(4), "0" + digits(3) + "-" + digits(4) + "-" + digits(2), "0800 " + digits(3) + " " + digits(3))));
            add("en", "negative:isbn-ean", pick(List.of("ISBN {}", "EAN {}", "GTIN {}")), null,
                    pick(List.of("978-" + between(0, 9) + "-" + digits(2) + "-" + digits(6) + "-" + between(0, 9), "40" + digits(11), "978" + digits(10))));
            // Numbers failing their checksum or allocation rules.
            add("en", "negative:card-checksum", pick(List.of("Card number {} was charged.", "Karte {} abgelehnt.")), null,
                    card(pick(List.of("visa", "mastercard", "discover", "jcb")), 16, i % 2 == 0, false));
            add("en", "negative:iban-checksum", pick(List.of("IBAN: {}", "Please transfer to IBAN {}.")), null,
                    iban(pick(List.of("DE", "FR", "NL", "ES", "IT", "GB", "BE", "PL")), i % 2 == 0, false));
            add("en", "negative:ssn-rule", "SSN {} on file.", null,
                    pick(List.of("000", "666", String.valueOf(between(900, 999)))) + "-" + two(between(1, 99)) + "-" + String.format(Locale.ROOT, "%04d", between(1, 9999)));
            add("en", "negative:nino-prefix", "NI number: {}", null, pick(List.of("QQ", "GB", "NK", "DA", "FY")) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " A");
            String nir = nir(false);
            add("fr", "negative:nir-key", "NIR {} (carte Vitale).", null, nir.substring(0, 13) + two((Integer.parseInt(nir.substring(13)) + between(1, 90)) % 97 + 1));
            String dni = dni(false);
            add("es", "negative:dni-letter", "DNI {}.", null, dni.substring(0, 8) + DNI.charAt((DNI.indexOf(dni.charAt(8)) + between(1, 22)) % 23));
            String cf = codiceFiscale();
            add("it", "negative:cf-check", "Codice fiscale: {}.", null, cf.substring(0, 15) + (char) ('A' + (cf.charAt(15) - 'A' + between(1, 25)) % 26));
            String bsn = bsn(false);
            add("nl", "negative:bsn-check", "BSN: {}.", null, bsn.substring(0, 8) + ((bsn.charAt(8) - '0' + between(1, 9)) % 10));
            String steuer = steuerId(false);
            add("de", "negative:steuer-id-check", "Steuer-ID: {}.", null, steuer.substring(0, 10) + ((steuer.charAt(10) - '0' + between(1, 9)) % 10));
            String pesel = pesel();
            add("pl", "negative:pesel-check", "PESEL: {}.", null, pesel.substring(0, 10) + ((pesel.charAt(10) - '0' + between(1, 9)) % 10));
            String pnr = personnummer(false, false);
            add("sv", "negative:personnummer-check", "Personnummer: {}.", null, pnr.substring(0, 10) + ((pnr.charAt(10) - '0' + between(1, 9)) % 10));
            // Valid checksums but no label: a 9- or 11-digit number is not a BSN or a PESEL by itself.
            add("nl", "negative:unlabelled-number", pick(List.of("Referentie {} verwerkt.", "Zending {} onderweg.", "Tracking {}")), null,
                    pick(List.of(bsn(false), pesel(), steuerId(false))));
            // Not addresses.
            add("en", "negative:email-like", pick(List.of("The config key {} is a placeholder.", "Mention {} on the forum.", "Write to name at example dot com, not {}.")), null,
                    pick(List.of("user@host", "@maria_g", "a@b", "name@localhost")));
            add("en", "negative:ip-like", pick(List.of("Version {} of the agent.", "Section {} of the contract.")), null,
                    pick(List.of(between(256, 999) + "." + between(0, 255) + ".1.1", between(1, 9) + "." + between(0, 9) + "." + between(0, 9), "10.20.30")));
        }
    }
}
