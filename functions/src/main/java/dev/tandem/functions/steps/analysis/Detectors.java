package dev.tandem.functions.steps.analysis;

import dev.tandem.contracts.pipeline.FindingType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validating PII detectors. Each pattern proposes candidates bounded so that they cannot be the
 * middle of a longer token; each validator accepts only values that can be real.
 */
public final class Detectors {

    private Detectors() {
    }

    /** Every detector, in a fixed order. */
    public static List<Detector> all() {
        List<Detector> all = new java.util.ArrayList<>(List.of(new Email(), new PaymentCard(), new Iban()));
        all.addAll(NationalIds.all());
        all.addAll(List.of(new PhoneDetector(), new BirthDates(), new Ipv4(), new Ipv6()));
        return List.copyOf(all);
    }

    /**
     * E-mail addresses (RFC 5321 dot-atoms, with RFC 6531 internationalized local parts). The domain
     * must have a dot and an alphabetic TLD: {@code user@host} is a template, not an address.
     */
    static final class Email extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile(
                "(?<![\\p{L}\\p{N}._%+-])([\\p{L}\\p{N}_%+-]+(?:\\.[\\p{L}\\p{N}_%+-]+)*@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63})(?![\\p{L}\\p{N}-])");

        Email() {
            super(FindingType.EMAIL, "email@1", CANDIDATE, 0.95, Triggers.Kind.AT, 0, 0, 0);
        }

        /** From each '@', extend over the characters a local part (left) and a domain (right) can hold. */
        @Override
        int[][] windows(CharSequence text, Triggers triggers) {
            int[] at = triggers.positions(Triggers.Kind.AT);
            java.util.List<int[]> windows = new java.util.ArrayList<>();
            for (int a : at) {
                int left = a;
                while (left > 0 && a - left < 65 && localChar(text.charAt(left - 1))) {
                    left--;
                }
                int right = a + 1;
                while (right < text.length() && right - a < 254 && domainChar(text.charAt(right))) {
                    right++;
                }
                if (!windows.isEmpty() && windows.getLast()[1] >= left) {
                    windows.getLast()[1] = right;
                } else {
                    windows.add(new int[] {left, right});
                }
            }
            return windows.toArray(new int[0][]);
        }

        private static boolean localChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
        }

        private static boolean domainChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '-';
        }

        @Override
        boolean valid(String match) {
            int at = match.lastIndexOf('@');
            return at > 0 && at <= 64 && match.length() <= 254;
        }
    }

    /**
     * Payment cards: 12-19 digits, optionally grouped by spaces or hyphens, Luhn-valid, in the issuer
     * identification range of a scheme and of a length that scheme issues.
     */
    static final class PaymentCard extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d-])(\\d(?:[ -]?\\d){11,18})(?![\\d-])");

        /** A scheme's IIN range (prefixes of the same number of digits, inclusive) and the lengths it issues. */
        record Range(String scheme, int low, int high, int minLength, int maxLength) {
            boolean matches(String digits) {
                int width = String.valueOf(high).length();
                int prefix = Integer.parseInt(digits.substring(0, width));
                return prefix >= low && prefix <= high && digits.length() >= minLength && digits.length() <= maxLength;
            }
        }

        /** The schemes' published ranges (ISO/IEC 7812 registrations as the schemes document them). */
        static final List<Range> RANGES = List.of(
                new Range("visa", 4, 4, 13, 19),
                new Range("mastercard", 51, 55, 16, 16), new Range("mastercard", 2221, 2720, 16, 16),
                new Range("amex", 34, 34, 15, 15), new Range("amex", 37, 37, 15, 15),
                new Range("discover", 6011, 6011, 16, 19), new Range("discover", 644, 649, 16, 19), new Range("discover", 65, 65, 16, 19),
                new Range("diners", 300, 305, 14, 19), new Range("diners", 3095, 3095, 14, 19), new Range("diners", 36, 36, 14, 19),
                new Range("diners", 38, 39, 16, 19),
                new Range("jcb", 3528, 3589, 16, 19),
                new Range("unionpay", 62, 62, 16, 19), new Range("unionpay", 81, 81, 16, 19),
                new Range("maestro", 50, 50, 12, 19), new Range("maestro", 56, 69, 12, 19),
                new Range("mir", 2200, 2204, 16, 19),
                new Range("rupay", 60, 60, 16, 16), new Range("rupay", 508, 508, 16, 16), new Range("rupay", 82, 82, 16, 16),
                new Range("troy", 9792, 9792, 16, 16));

        PaymentCard() {
            // Digits at most one separator apart; nothing before the first digit or after the last.
            super(FindingType.PAYMENT_CARD, "payment-card@2", CANDIDATE, 1.0, new Starts(12));
        }

        @Override
        boolean valid(String match) {
            String digits = digitsOf(match);
            if (!luhn(digits) || !grouped(match.split("[ -]"))) {
                return false;
            }
            for (Range r : RANGES) {
                if (r.matches(digits)) {
                    return true;
                }
            }
            return false;
        }

        /** Printed cards group digits in fours (last group shorter), or 4-6-5 / 4-6-4 (Amex, Diners). */
        private static boolean grouped(String[] groups) {
            if (groups.length == 1) {
                return true;
            }
            boolean fours = true;
            for (int i = 0; i < groups.length; i++) {
                int n = groups[i].length();
                fours &= i < groups.length - 1 ? n == 4 : n >= 1 && n <= 4;
            }
            boolean amexOrDiners = groups.length == 3 && groups[0].length() == 4 && groups[1].length() == 6
                    && (groups[2].length() == 5 || groups[2].length() == 4);
            return fours || amexOrDiners;
        }

        static boolean luhn(String digits) {
            int sum = 0;
            boolean doubled = false;
            for (int i = digits.length() - 1; i >= 0; i--) {
                int d = digits.charAt(i) - '0';
                if (doubled) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                doubled = !doubled;
            }
            return sum % 10 == 0;
        }
    }

    /** IBANs: country code, check digits, BBAN; the country's length and ISO 13616 mod-97 checked. */
    static final class Iban extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![A-Za-z0-9])([A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,8})(?![A-Za-z0-9])");
        /**
         * IBAN lengths (SWIFT IBAN registry) of every country of the SEPA scheme: the EU, the EEA, Switzerland,
         * the United Kingdom, Andorra, Monaco, San Marino, Vatican City, and the Faroe Islands, Greenland and
         * Gibraltar, which have their own IBAN countries.
         */
        static final Map<String, Integer> LENGTHS = Map.ofEntries(
                Map.entry("AD", 24), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("CH", 21),
                Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20),
                Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
                Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28),
                Map.entry("IE", 22), Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("LI", 21), Map.entry("LT", 20),
                Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MT", 31), Map.entry("NL", 18),
                Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25), Map.entry("RO", 24), Map.entry("SE", 24),
                Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("VA", 22));

        Iban() {
            super(FindingType.IBAN, "iban@2", CANDIDATE, 1.0, new Starts(2, 2));
        }

        @Override
        boolean valid(String match) {
            String iban = match.replace(" ", "");
            Integer expected = LENGTHS.get(iban.substring(0, 2));
            if (expected == null || iban.length() != expected) {
                return false;
            }
            return checksum(iban);
        }

        /** ISO 13616: the country and check digits moved to the end, letters as 10-35, the number mod 97 is 1. */
        static boolean checksum(String iban) {
            int n = iban.length();
            int mod = 0;
            for (int k = 0; k < n; k++) {
                char c = iban.charAt((k + 4) % n);
                if (c >= '0' && c <= '9') {
                    mod = (mod * 10 + c - '0') % 97;
                } else if (c >= 'A' && c <= 'Z') {
                    mod = (mod * 100 + c - 'A' + 10) % 97;
                } else {
                    return false;
                }
            }
            return mod == 1;
        }

        /**
         * An IBAN starts with two capital letters and its two check digits, so the pattern is tried only at
         * digit runs that two capitals precede. The candidate is greedy and may run into a following code
         * ("... 0130 00 BANK"); keep the prefix that has exactly the country's length, when there is one.
         */
        @Override
        public List<dev.tandem.contracts.pipeline.Finding> detect(CharSequence text, Triggers triggers) {
            List<dev.tandem.contracts.pipeline.Finding> out = new java.util.ArrayList<>();
            java.util.regex.Matcher m = matcher(text);
            int next = 0;
            for (int p : triggers.digitRunStarts()) {
                int start = p - 2;
                if (start < next || start < 0 || !capital(text.charAt(start)) || !capital(text.charAt(p - 1))) {
                    continue;
                }
                m.region(start, text.length());
                if (!m.lookingAt()) {
                    continue;
                }
                next = m.end();
                String candidate = m.group(1);
                Integer expected = LENGTHS.get(candidate.substring(0, 2));
                if (expected == null) {
                    continue;
                }
                int taken = 0;
                int end = -1;
                for (int i = 0; i < candidate.length() && taken < expected; i++) {
                    if (candidate.charAt(i) != ' ') {
                        taken++;
                        end = i + 1;
                    }
                }
                boolean atGroupEnd = end == candidate.length() || candidate.charAt(end) == ' ';
                if (taken == expected && atGroupEnd && checksum(candidate.substring(0, end).replace(" ", ""))) {
                    out.add(new dev.tandem.contracts.pipeline.Finding(FindingType.IBAN, m.start(1), m.start(1) + end, id(), 1.0));
                }
            }
            return out;
        }

        private static boolean capital(char c) {
            return c >= 'A' && c <= 'Z';
        }
    }

    /** IPv4 dotted quads, each part 0-255 without leading zeros, not part of a longer dotted run. */
    static final class Ipv4 extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d]|\\.\\d)");

        Ipv4() {
            super(FindingType.IP_ADDRESS, "ipv4@1", CANDIDATE, 0.9, new Starts(4));
        }

        @Override
        boolean valid(String match) {
            for (String part : match.split("\\.")) {
                if ((part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
    }

    /** IPv6 addresses (RFC 4291 text forms, with :: compression and an embedded IPv4 tail). */
    static final class Ipv6 extends PatternDetector {
        private static final Pattern CANDIDATE = Pattern.compile(
                "(?<![0-9A-Fa-f:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\\d{1,3}(?:\\.\\d{1,3}){3})?)(?![0-9A-Fa-f:]|\\.\\d)");
        private static final Ipv4 IPV4 = new Ipv4();

        Ipv6() {
            // Colons at most one group (4 hex digits) apart; a group or an IPv4 tail on either side.
            super(FindingType.IP_ADDRESS, "ipv6@1", CANDIDATE, 0.9, Triggers.Kind.COLON, 4, 15, 5, 2);
        }

        @Override
        boolean valid(String match) {
            String s = match.toLowerCase(Locale.ROOT);
            int groupsNeeded = 8;
            if (s.contains(".")) {
                int lastColon = s.lastIndexOf(':');
                if (!IPV4.valid(s.substring(lastColon + 1)) || !s.substring(lastColon + 1).matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    return false;
                }
                s = s.substring(0, lastColon + 1) + "0";
                groupsNeeded = 7;
            }
            int compressions = s.split("::", -1).length - 1;
            if (compressions > 1) {
                return false;
            }
            if (compressions == 1) {
                String[] halves = s.split("::", -1);
                int count = countGroups(halves[0]) + countGroups(halves[1]);
                return count >= 0 && count < groupsNeeded && count != -1 && groupsOk(halves[0]) && groupsOk(halves[1]);
            }
            return countGroups(s) == groupsNeeded && groupsOk(s);
        }

        private static int countGroups(String part) {
            return part.isEmpty() ? 0 : part.split(":", -1).length;
        }

        private static boolean groupsOk(String part) {
            if (part.isEmpty()) {
                return true;
            }
            for (String g : part.split(":", -1)) {
                if (!g.matches("[0-9a-f]{1,4}")) {
                    return false;
                }
            }
            return true;
        }
    }
}
