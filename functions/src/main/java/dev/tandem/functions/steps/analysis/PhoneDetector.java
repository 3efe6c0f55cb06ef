package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Phone numbers, international ({@code +} or {@code 00} and a country code, any country) and national
 * (the countries of {@link NumberingPlans#NATIONAL_REGIONS}), validated against the numbering plans.
 *
 * <p>A national number is only digits, and so are order numbers and product codes: it is reported when a
 * phone word precedes it ({@code Tel.}, {@code Telefon}, {@code appelez}...), or when it is written in
 * groups as phone numbers are and no other label (an order, an invoice, a reference) precedes it. Dates
 * and dotted quads are never phone numbers.
 *
 * <p>Candidates are read by hand rather than by a regular expression: a digit run, parenthesized groups
 * and single separators between groups, in one pass from each run's first digit.
 */
final class PhoneDetector implements Detector {

    static final String ID = "phone@2";
    private static final int MAX_DIGITS = 17;
    private static final Context CONTEXT = new Context(
            List.of("tel", "phone", "fon", "mobil", "movil", "cell", "gsm", "portable", "handy", "natel", "fax", "call",
                    "ring", "appel", "anruf", "rufen", "bel", "llam", "ligue", "chiam", "zadzwon", "komork", "whatsapp",
                    "sms", "hotline", "reach", "contact", "kontakt", "contatt", "contacto", "contato"),
            List.of(),
            List.of("order", "bestell", "commande", "pedido", "ordine", "zamowien", "bestelling", "encomenda", "invoice",
                    "rechnung", "factur", "fattur", "faktur", "factuur", "sku", "artikel", "article", "articulo", "articolo",
                    "item", "product", "produkt", "produit", "producto", "prodotto", "produto", "code", "codice", "codigo",
                    "lot", "batch", "serial", "serie", "ticket", "tracking", "sendung", "colis", "parcel", "paket",
                    "account", "konto", "compte", "cuenta", "conto", "rekening", "kundennummer", "contract", "vertrag",
                    "contrat", "contrato", "contratto", "polic", "versicher", "referen", "riferimento", "version",
                    "build", "release", "isbn", "ean", "gtin", "part", "teil", "pezzo", "pieza", "piece", "modell",
                    "model", "mod", "typ", "type", "tipo", "seriennummer",
                    // another identifier's label: a number failing that identifier's check is not a phone number either
                    "ssn", "social", "insurance", "nino", "nir", "securite", "dni", "nie", "documento", "bsn", "burgerservic",
                    "steuer", "idnr", "fiscal", "codice", "pesel", "personnummer", "pnr", "iban", "bic", "swift", "card",
                    "karte", "carte", "tarjeta", "carta"),
            List.of("nr", "nº", "ref", "art", "#", "°", "po", "pos", "id", "inv", "kd", "auftrag"));

    @Override
    public List<Finding> detect(CharSequence text) {
        return detect(text, Triggers.scan(text));
    }

    @Override
    public List<Finding> detect(CharSequence text, Triggers triggers) {
        List<Finding> out = new ArrayList<>();
        int next = 0;
        for (int p : triggers.positions(Triggers.Kind.DIGIT)) {
            if (p < next || (p > 0 && isDigit(text.charAt(p - 1)))) {
                continue;
            }
            int start = p;
            if (p > 0 && (text.charAt(p - 1) == '+' || text.charAt(p - 1) == '(')) {
                start = p - 1;
            }
            if (!enoughDigits(text, p)) {
                next = p + 1;
                continue;
            }
            Candidate c = read(text, start);
            next = Math.max(c.end, p + 1);
            if (c.end > start && c.digits.length() <= MAX_DIGITS && freeStanding(text, start, c.end) && valid(text, start, c)) {
                boolean national = text.charAt(start) != '+' && !c.digits.startsWith("00");
                out.add(new Finding(FindingType.PHONE, start, c.end, ID, national ? 0.8 : 0.85));
            }
        }
        return out;
    }

    /** What was read from a candidate's start: its digits (a "(0)" after a country code left out) and its shape. */
    private record Candidate(int end, String digits, int groups, String separators, List<Integer> lengths) {
    }

    private static Candidate read(CharSequence text, int start) {
        int n = text.length();
        int i = start;
        if (text.charAt(i) == '+') {
            i++;
        }
        StringBuilder digits = new StringBuilder(16);
        StringBuilder separators = new StringBuilder(8);
        int groups = 0;
        int end = start;
        boolean paren = false;
        List<Integer> lengths = new ArrayList<>(6);
        while (i < n && digits.length() <= MAX_DIGITS) {
            char c = text.charAt(i);
            if (c == '(' && !paren) {
                int j = i + 1;
                while (j < n && j - i <= 5 && isDigit(text.charAt(j))) {
                    j++;
                }
                if (j == i + 1 || j >= n || text.charAt(j) != ')') {
                    break;
                }
                paren = true;
                // "+44 (0)20 ...": the trunk prefix, not dialled from abroad.
                if (!(j == i + 2 && text.charAt(i + 1) == '0' && start < i && text.charAt(start) == '+')) {
                    digits.append(text, i + 1, j);
                }
                lengths.add(j - i - 1);
                groups++;
                i = j + 1;
                end = i;
                if (i + 1 < n && text.charAt(i) == ' ' && (isDigit(text.charAt(i + 1)))) {
                    separators.append(' ');
                    i++;
                }
                continue;
            }
            if (!isDigit(c)) {
                break;
            }
            int groupStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                digits.append(text.charAt(i++));
            }
            lengths.add(i - groupStart);
            groups++;
            end = i;
            if (i + 1 < n && isSeparator(text.charAt(i)) && (isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(')) {
                separators.append(text.charAt(i));
                i++;
            } else {
                break;
            }
        }
        return new Candidate(end, digits.toString(), groups, separators.toString(), lengths);
    }

    /** Whether the run from {@code p} holds the 7 digits of the shortest number, before reading it closely. */
    private static boolean enoughDigits(CharSequence text, int p) {
        int digits = 0;
        int gap = 0;
        for (int i = p; i < text.length() && digits < 7; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits++;
                gap = 0;
            } else if ((isSeparator(c) || c == '(' || c == ')') && ++gap <= 2) {
                continue;
            } else {
                break;
            }
        }
        return digits >= 7;
    }

    /** Not glued to a word or to another number: "INV-0612 34", "12.06 12", "0612 34 56 78AB" are not phone numbers. */
    private static boolean freeStanding(CharSequence text, int start, int end) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            if (Character.isLetterOrDigit(before) || before == '_' || before == '+') {
                return false;
            }
            if (start > 1 && (before == '-' || before == '.' || before == '/' || before == '#')
                    && Character.isLetterOrDigit(text.charAt(start - 2))) {
                return false;
            }
            // The rest of a longer number ("... 8862 0707 645" of an IBAN, past the digits a phone number can have).
            if (start > 1 && before == ' ' && isDigit(text.charAt(start - 2)) && isDigit(text.charAt(start))) {
                return false;
            }
        }
        if (end < text.length()) {
            char after = text.charAt(end);
            if (Character.isLetterOrDigit(after) || after == '_') {
                return false;
            }
            if (end + 1 < text.length() && (after == '-' || after == '/') && Character.isLetterOrDigit(text.charAt(end + 1))) {
                return false;
            }
            // A time ("10:30"), a decimal or an amount ("1.234.567,89").
            if (end + 1 < text.length() && (after == ':' || after == ',' || after == '.') && isDigit(text.charAt(end + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean valid(CharSequence text, int start, Candidate c) {
        String digits = c.digits;
        if (text.charAt(start) == '+') {
            return digits.length() >= 8 && digits.length() <= 15 && NumberingPlans.validInternational(digits);
        }
        if (digits.startsWith("00") && digits.length() >= 10 && digits.length() <= 17
                && NumberingPlans.validInternational(digits.substring(2))) {
            return true;
        }
        if (digits.length() < 7 || digits.length() > 13 || dateOrAddress(c)) {
            return false;
        }
        Context.Cue cue = CONTEXT.cue(text, start);
        if (cue == Context.Cue.AGAINST || (cue == Context.Cue.NONE && c.groups < 2)) {
            return false;
        }
        return NumberingPlans.validNational(digits);
    }

    /** Dates (12.03.2024, 2024-03-12, 12/03/24) and dotted quads (IP addresses, versions) have a phone's digits. */
    private static boolean dateOrAddress(Candidate c) {
        String s = c.separators;
        List<Integer> l = c.lengths;
        if (s.length() != c.groups - 1 || c.groups < 3 || s.charAt(0) == ' ' || s.charAt(1) != s.charAt(0)) {
            return false;
        }
        // A date, alone or followed by more digits ("2026-05-12 10" of a timestamp).
        boolean dayFirst = l.get(0) <= 2 && l.get(1) <= 2 && (l.get(2) == 2 || l.get(2) == 4);
        boolean yearFirst = l.get(0) == 4 && l.get(1) <= 2 && l.get(2) <= 2;
        if ((dayFirst || yearFirst) && (c.groups == 3 || s.charAt(2) == ' ')) {
            return true;
        }
        return c.groups == 4 && s.equals("...") && l.stream().allMatch(length -> length <= 3);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/';
    }

    @Override
    public String id() {
        return ID;
    }
}
