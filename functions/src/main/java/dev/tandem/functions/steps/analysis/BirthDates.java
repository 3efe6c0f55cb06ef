package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.FindingType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a real calendar date (numeric, ISO, or with the month's name in one of the languages
 * the analyzer covers) that a birth word precedes ("date of birth", "born", "né le", "geboren",
 * "fecha de nacimiento", "data di nascita", "geboortedatum", "data urodzenia", "född"...). Any other date
 * is a date, not personal data.
 */
final class BirthDates extends PatternDetector {

    private static final String MONTHS = String.join("|", List.of(
            // en, fr, de, es, it, nl, pt, pl (genitive), sv, da; abbreviations with an optional dot
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
            "januar", "februar", "märz", "maerz", "juni", "juli", "oktober", "dezember",
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
            "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
            "januari", "februari", "maart", "mei", "augustus",
            "janeiro", "fevereiro", "março", "marco", "maio", "junho", "julho", "setembro", "outubro", "dezembro",
            "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "wrzesnia", "października", "pazdziernika", "listopada", "grudnia",
            "augusti", "maj", "marts",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt", "nov", "dec", "dez"));
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\p{N}.\\-/])("
                    + "\\d{1,2}[./-]\\d{1,2}[./-](?:19|20)\\d{2}"
                    + "|(?:19|20)\\d{2}-\\d{2}-\\d{2}"
                    + "|\\d{1,2}\\.?(?: de)? (?:" + MONTHS + ")\\.?(?: de)?,? (?:19|20)\\d{2}"
                    + "|(?:" + MONTHS + ")\\.? \\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\\d{2}"
                    + ")(?![\\p{L}\\p{N}]|[./-]\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMBERS = Pattern.compile("\\d+");
    private static final Pattern MONTH = Pattern.compile("\\p{L}{3,}");
    private static final Context LABEL = new Context(
            List.of("birth", "born", "naissance", "geboren", "geburt", "nacimiento", "nacid", "nascita", "geboorte", "nascimento",
                    "nascid", "urodz", "fodd", "fodelse", "fodt", "fodsel"),
            List.of("dob", "ne", "nee", "geb", "nato", "nata"), List.of(), List.of());

    BirthDates() {
        // A month name and a day may come before the first digit ("September 12"); "12 de septiembre de 1985" has 18 between.
        super(FindingType.DATE_OF_BIRTH, "date-of-birth@1", CANDIDATE, 0.9, Triggers.Kind.DIGIT, 16, 0, 21);
    }

    /** How far before its year a date can start ("12 de septiembre de 1985"). */
    private static final int YEAR_OFFSET = 30;

    /**
     * Every date this detector knows has a four-digit year 19xx or 20xx; a window is opened around each
     * year that has a birth word within reach before it, so that text full of numbers but without such a
     * word costs one glance per year.
     */
    @Override
    int[][] windows(CharSequence text, Triggers triggers) {
        java.util.List<int[]> windows = new java.util.ArrayList<>();
        int[] digits = triggers.positions(Triggers.Kind.DIGIT);
        for (int k = 0; k + 3 < digits.length; k++) {
            int p = digits[k];
            boolean year = digits[k + 3] == p + 3 && (p == 0 || !isDigit(text.charAt(p - 1)))
                    && (p + 4 >= text.length() || !isDigit(text.charAt(p + 4)))
                    && (text.charAt(p) == '1' && text.charAt(p + 1) == '9' || text.charAt(p) == '2' && text.charAt(p + 1) == '0');
            if (!year) {
                continue;
            }
            int from = Math.max(0, p - YEAR_OFFSET);
            if (!LABEL.mentions(text, Math.max(0, from - Context.REACH), p)) {
                continue;
            }
            // The year may come first ("1985-03-12").
            int to = Math.min(text.length(), p + 10);
            if (!windows.isEmpty() && windows.getLast()[1] >= from) {
                windows.getLast()[1] = to;
            } else {
                windows.add(new int[] {from, to});
            }
        }
        return windows.toArray(new int[0][]);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    Context label() {
        return LABEL;
    }

    @Override
    boolean valid(String match) {
        List<Integer> numbers = NUMBERS.matcher(match).results().map(r -> Integer.parseInt(r.group())).toList();
        Matcher name = MONTH.matcher(match);
        int year;
        int month;
        int day;
        if (name.find()) {
            month = month(name.group());
            day = numbers.getFirst();
            year = numbers.getLast();
        } else if (numbers.getFirst() > 31) {
            year = numbers.get(0);
            month = numbers.get(1);
            day = numbers.get(2);
        } else {
            // Day first, as Europe writes dates; a US month-first date is accepted when only that reading is a date.
            day = numbers.get(0);
            month = numbers.get(1);
            year = numbers.get(2);
            if (month > 12) {
                int swap = day;
                day = month;
                month = swap;
            }
        }
        try {
            return month > 0 && !LocalDate.of(year, month, day).isAfter(LocalDate.now());
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static int month(String name) {
        String n = Context.fold(name);
        String[][] byMonth = {
                {"jan", "gen", "sty"}, {"feb", "fev", "lut"}, {"mar", "maa", "mae"}, {"apr", "avr", "abr", "kwi"}, {"may", "mai", "mei", "maj", "mag", "maio"},
                {"jun", "juin", "giu", "cze"}, {"jul", "juil", "lug", "lip"}, {"aug", "aou", "ago", "sie"}, {"sep", "set", "wrz"},
                {"oct", "okt", "ott", "out", "paz"}, {"nov", "lis"}, {"dec", "dez", "dic", "gru"}};
        int best = 0;
        int bestLength = 0;
        for (int m = 0; m < byMonth.length; m++) {
            for (String prefix : byMonth[m]) {
                if (n.startsWith(prefix) && prefix.length() > bestLength) {
                    best = m + 1;
                    bestLength = prefix.length();
                }
            }
        }
        return best;
    }
}
