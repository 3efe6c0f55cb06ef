package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.FindingType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * National identifiers, each with its issuer's rules: check digits where the number has them, allocation
 * rules where it has none (US SSN, UK NINO). All are reported as {@link FindingType#NATIONAL_ID}; the
 * detector id says which.
 *
 * <p>Where the check catches too few look-alikes (the Dutch BSN passes one 9-digit number in eleven, the
 * German tax id and the Polish PESEL one 11-digit number in ten), the number must be labelled: a word
 * naming it within {@link Context#REACH} characters before it. The others stand alone.
 */
final class NationalIds {

    private NationalIds() {
    }

    static List<Detector> all() {
        return List.of(new UsSsn(), new UkNino(), new FrNir(), new EsDni(), new EsNie(), new ItCodiceFiscale(), new NlBsn(),
                new DeSteuerId(), new PlPesel(), new SePersonnummer());
    }

    /** Digits only, not glued to a longer token or a number with separators. */
    private static Pattern digits(String body) {
        return Pattern.compile("(?<![\\p{L}\\p{N}.-])(" + body + ")(?![\\p{L}\\p{N}]|[.-]\\d)");
    }

    private static String strip(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '+') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int digit(String s, int i) {
        return s.charAt(i) - '0';
    }

    private static boolean date(int year, int month, int day) {
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * US Social Security numbers written {@code AAA-GG-SSSS}: area not 000, 666 or 900-999; group not
     * 00; serial not 0000 (SSA allocation rules).
     */
    static final class UsSsn extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\dA-Za-z-])(\\d{3}-\\d{2}-\\d{4})(?![\\d-])");

        UsSsn() {
            super(FindingType.NATIONAL_ID, "us-ssn@1", CANDIDATE, 1.0, new Starts(9));
        }

        @Override
        boolean valid(String match) {
            int area = Integer.parseInt(match.substring(0, 3));
            int group = Integer.parseInt(match.substring(4, 6));
            int serial = Integer.parseInt(match.substring(7));
            return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        }
    }

    /**
     * UK National Insurance numbers ({@code AB 12 34 56 C}): HMRC's prefix rules (D, F, I, Q, U, V never
     * first or second, O never second, BG GB KN NK NT TN ZZ not allocated) and a suffix A to D.
     */
    static final class UkNino extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile(
                "(?<![\\p{L}\\p{N}])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D])(?![\\p{L}\\p{N}])");
        private static final List<String> UNALLOCATED = List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

        UkNino() {
            super(FindingType.NATIONAL_ID, "uk-nino@1", CANDIDATE, 1.0, new Starts(6, 2, 3));
        }

        @Override
        boolean valid(String match) {
            return !UNALLOCATED.contains(match.substring(0, 2));
        }
    }

    /**
     * French social security numbers (NIR): sex, year, month, department (2A and 2B for Corsica),
     * commune, order, and the key {@code 97 - (number mod 97)}.
     */
    static final class FrNir extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile(
                "(?<![\\p{L}\\p{N}])([1-478] ?\\d{2} ?\\d{2} ?(?:(?:\\d{2}|2[AB]) ?\\d{3}|\\d{3} \\d{2}) ?\\d{3} ?\\d{2})(?![\\p{L}\\p{N}])");

        FrNir() {
            super(FindingType.NATIONAL_ID, "fr-nir@1", CANDIDATE, 1.0, new Starts(12));
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            int month = Integer.parseInt(s.substring(3, 5));
            if (!(month >= 1 && month <= 12 || month >= 20 && month <= 42 || month >= 50)) {
                return false;
            }
            String body = s.substring(0, 13).replace("2A", "19").replace("2B", "18");
            long key = Long.parseLong(s.substring(13));
            return key == 97 - Long.parseLong(body) % 97;
        }
    }

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    /** Spanish DNI: eight digits and the letter of their remainder mod 23. */
    static final class EsDni extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}-])(\\d{8}[- ]?[A-Z])(?![\\p{L}\\p{N}])");

        EsDni() {
            super(FindingType.NATIONAL_ID, "es-dni@1", CANDIDATE, 1.0, new Starts(8));
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            return DNI_LETTERS.charAt(Integer.parseInt(s.substring(0, 8)) % 23) == s.charAt(8);
        }
    }

    /** Spanish NIE (foreigners): X, Y or Z (0, 1, 2), seven digits, and the DNI letter of the eight. */
    static final class EsNie extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}-])([XYZ][- ]?\\d{7}[- ]?[A-Z])(?![\\p{L}\\p{N}])");

        EsNie() {
            super(FindingType.NATIONAL_ID, "es-nie@1", CANDIDATE, 1.0, new Starts(7, 1, 2));
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            int number = Integer.parseInt((s.charAt(0) - 'X') + s.substring(1, 8));
            return DNI_LETTERS.charAt(number % 23) == s.charAt(8);
        }
    }

    /**
     * Italian codice fiscale: surname and name letters, year, month letter, day (+40 for women),
     * municipality, check letter; digits may be replaced by letters (omocodia).
     */
    static final class ItCodiceFiscale extends PatternDetector {
        private static final String D = "[\\dLMNPQRSTUV]";
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}])([A-Z]{6}" + D + "{2}[ABCDEHLMPRST]" + D + "{2}[A-Z]" + D + "{3}[A-Z])(?![\\p{L}\\p{N}])");
        private static final int[] ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        private static final String OMOCODES = "LMNPQRSTUV";

        ItCodiceFiscale() {
            super(FindingType.NATIONAL_ID, "it-codice-fiscale@1", CANDIDATE, 1.0, new Starts(1, 6));
        }

        @Override
        boolean valid(String match) {
            int day = decode(match.charAt(9)) * 10 + decode(match.charAt(10));
            if (!(day >= 1 && day <= 31 || day >= 41 && day <= 71)) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < 15; i++) {
                char c = match.charAt(i);
                int value = Character.isDigit(c) ? c - '0' : c - 'A';
                sum += i % 2 == 0 ? ODD[value] : value;
            }
            return match.charAt(15) == 'A' + sum % 26;
        }

        private static int decode(char c) {
            return Character.isDigit(c) ? c - '0' : OMOCODES.indexOf(c);
        }
    }

    /** Dutch BSN: nine digits passing the "11-proef"; labelled (BSN, burgerservicenummer, sofinummer). */
    static final class NlBsn extends PatternDetector {
        private static final Pattern CANDIDATE = digits("\\d{9}|\\d{4}\\.\\d{2}\\.\\d{3}|\\d{3}[ .]\\d{3}[ .]\\d{3}");
        private static final Context LABEL = Context.of("bsn", "burgerservic", "sofi");

        NlBsn() {
            super(FindingType.NATIONAL_ID, "nl-bsn@1", CANDIDATE, 1.0, new Starts(9));
        }

        @Override
        Context label() {
            return LABEL;
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * digit(s, i);
            }
            sum -= digit(s, 8);
            return sum != 0 && sum % 11 == 0;
        }
    }

    /**
     * German tax id (Steuer-IdNr): eleven digits, no leading zero, one digit twice or three times among
     * the first ten, check digit ISO 7064 MOD 11,10; labelled (Steuer-ID, IdNr, Identifikationsnummer).
     */
    static final class DeSteuerId extends PatternDetector {
        private static final Pattern CANDIDATE = digits("\\d{11}|\\d{2} \\d{3} \\d{3} \\d{3}");
        private static final Context LABEL = Context.of("steuer", "idnr", "identifikationsnummer", "tin");

        DeSteuerId() {
            super(FindingType.NATIONAL_ID, "de-steuer-id@1", CANDIDATE, 1.0, new Starts(11));
        }

        @Override
        Context label() {
            return LABEL;
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            if (s.charAt(0) == '0') {
                return false;
            }
            int[] counts = new int[10];
            for (int i = 0; i < 10; i++) {
                counts[digit(s, i)]++;
            }
            int repeated = 0;
            for (int c : counts) {
                if (c > 3) {
                    return false;
                }
                if (c >= 2) {
                    repeated++;
                }
            }
            if (repeated != 1) {
                return false;
            }
            int product = 10;
            for (int i = 0; i < 10; i++) {
                int sum = (digit(s, i) + product) % 10;
                product = (sum == 0 ? 10 : sum) * 2 % 11;
            }
            int check = 11 - product;
            return (check == 10 ? 0 : check) == digit(s, 10);
        }
    }

    /** Polish PESEL: birth date (the century in the month), serial, weighted check digit; labelled (PESEL). */
    static final class PlPesel extends PatternDetector {
        private static final Pattern CANDIDATE = digits("\\d{11}");
        private static final Context LABEL = Context.of("pesel");
        private static final int[] WEIGHTS = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};

        PlPesel() {
            super(FindingType.NATIONAL_ID, "pl-pesel@1", CANDIDATE, 1.0, new Starts(11));
        }

        @Override
        Context label() {
            return LABEL;
        }

        @Override
        boolean valid(String s) {
            int yy = Integer.parseInt(s.substring(0, 2));
            int mm = Integer.parseInt(s.substring(2, 4));
            int dd = Integer.parseInt(s.substring(4, 6));
            int century = switch (mm / 20) {
                case 0 -> 1900;
                case 1 -> 2000;
                case 2 -> 2100;
                case 3 -> 2200;
                default -> 1800;
            };
            if (!date(century + yy, mm % 20, dd)) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < 10; i++) {
                sum += WEIGHTS[i] * digit(s, i);
            }
            return (10 - sum % 10) % 10 == digit(s, 10);
        }
    }

    /**
     * Swedish personnummer and samordningsnummer (day + 60): birth date, serial, Luhn check digit. Written
     * with its hyphen (or + past 100) it stands alone; as bare digits it must be labelled.
     */
    static final class SePersonnummer extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile(
                "(?<![\\p{L}\\p{N}.+-])((?:19|20)?\\d{6}[-+]\\d{4}|(?:19|20)?\\d{10})(?![\\p{L}\\p{N}]|[.-]\\d)");
        private static final Context LABEL = Context.of("personnummer", "personnr", "pnr", "samordningsnummer");

        SePersonnummer() {
            super(FindingType.NATIONAL_ID, "se-personnummer@1", CANDIDATE, 1.0, new Starts(10));
        }

        @Override
        boolean accept(CharSequence text, int start, int end, String match) {
            boolean separated = match.indexOf('-') >= 0 || match.indexOf('+') >= 0;
            return valid(match) && (separated || LABEL.labelled(text, start));
        }

        @Override
        boolean valid(String match) {
            String s = strip(match);
            String ten = s.substring(s.length() - 10);
            int yy = Integer.parseInt(ten.substring(0, 2));
            int year = s.length() == 12 ? Integer.parseInt(s.substring(0, 4)) : 2000 + yy;
            int day = Integer.parseInt(ten.substring(4, 6));
            if (!date(year, Integer.parseInt(ten.substring(2, 4)), day > 60 ? day - 60 : day)) {
                return false;
            }
            return Detectors.PaymentCard.luhn(ten);
        }
    }
}
