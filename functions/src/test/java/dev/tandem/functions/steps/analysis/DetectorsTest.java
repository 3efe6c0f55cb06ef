package dev.tandem.functions.steps.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables of values each detector must find whole, and look-alikes it must not report. */
class DetectorsTest {

    private static final Analyzer ANALYZER = new Analyzer();

    private static List<Finding> of(FindingType type, String text) {
        return ANALYZER.analyze(text).stream().filter(f -> f.type() == type).toList();
    }

    private static void found(FindingType type, String text, String value) {
        List<Finding> findings = of(type, text);
        assertThat(findings).as("%s in '%s'", type, text).hasSize(1);
        Finding f = findings.getFirst();
        assertThat(text.substring((int) f.start(), (int) f.end())).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Email: maria.gonzalez@example.org now|maria.gonzalez@example.org",
            "Kontakt: jürgen.weiß@example.de (Umlaute)|jürgen.weiß@example.de",
            "メール: tanaka@example.jp|tanaka@example.jp",
            "<a+b_c%d-e@sub-domain.example.co.uk>|a+b_c%d-e@sub-domain.example.co.uk",
            "end of sentence x@example.com.|x@example.com"})
    void email_valid(String text, String value) {
        found(FindingType.EMAIL, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"the placeholder user@host here", "a@b.c", "double..dot@example.com", "@example.com", "name@-bad.example.com"})
    void email_invalid(String text) {
        assertThat(of(FindingType.EMAIL, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "card on file, 4111 1111 1111 1111, exp|4111 1111 1111 1111",
            "card 5500 0000 0000 0004.|5500 0000 0000 0004",
            "pan 4012888888881881 ok|4012888888881881",
            "amex 3782 822463 10005 ok|3782 822463 10005",
            "hyphens 4111-1111-1111-1111 ok|4111-1111-1111-1111",
            "mastercard 2-series 2223 0031 2200 3222 ok|2223 0031 2200 3222",
            "discover 6011 1111 1111 1117 ok|6011 1111 1111 1117",
            "jcb 3530 1113 3330 0000 ok|3530 1113 3330 0000",
            "diners 3056 9309 0259 04 ok|3056 9309 0259 04",
            "unionpay 6200 0000 0000 0005 ok|6200 0000 0000 0005"})
    void paymentCard_valid(String text, String value) {
        found(FindingType.PAYMENT_CARD, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "order 4111111111111112 fails Luhn",
            "order 1234567890123456 fails Luhn",
            "too short 411111111111",
            "odd grouping 41 1111 1111 1111 11",
            "not a card prefix 0000000000000000",
            "ISBN 978-3-16-148410-0",
            "no scheme issues 7 7777 7777 7777 7777 (Luhn-valid)",
            "amex prefix, card of 16 digits 3782 8224 6310 0052"})
    void paymentCard_invalid(String text) {
        assertThat(of(FindingType.PAYMENT_CARD, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "to IBAN DE89 3704 0044 0532 0130 00 (BIC|DE89 3704 0044 0532 0130 00",
            "Konto GB82 WEST 1234 5698 7654 32.|GB82 WEST 1234 5698 7654 32",
            "compact DE89370400440532013000 here|DE89370400440532013000",
            "glued DE89 3704 0044 0532 0130 00 BANK|DE89 3704 0044 0532 0130 00",
            "Malta MT84 MALT 0110 0001 2345 MTLC AST0 01S ok|MT84 MALT 0110 0001 2345 MTLC AST0 01S",
            "Andorra AD12 0001 2030 2003 5910 0100 ok|AD12 0001 2030 2003 5910 0100",
            "Iceland IS14 0159 2600 7654 5510 7303 39 ok|IS14 0159 2600 7654 5510 7303 39",
            "Vatican VA59 0011 2300 0012 3456 78 ok|VA59 0011 2300 0012 3456 78"})
    void iban_valid(String text, String value) {
        found(FindingType.IBAN, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bad check DE88 3704 0044 0532 0130 00", "wrong length DE89 3704 0044 0532 0130", "unknown country XX89 3704 0044 0532 0130 00"})
    void iban_invalid(String text) {
        assertThat(of(FindingType.IBAN, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"SSN 536-22-8145; please|536-22-8145", "ssn:078-05-1120|078-05-1120"})
    void ssn_valid(String text, String value) {
        found(FindingType.NATIONAL_ID, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "area 000-12-3456", "area 666-12-3456", "area 900-12-3456", "group 123-00-4567", "serial 123-45-0000",
            "ACCT-000-00-0000", "date 2026-05-12", "longer 1536-22-8145"})
    void ssn_invalid(String text) {
        assertThat(of(FindingType.NATIONAL_ID, text)).as(text).isEmpty();
    }

    /** Published or constructed examples with valid check digits, one or more per identifier. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NI number AB 12 34 56 C ok|AB 12 34 56 C",
            "NIR 1 84 12 76 451 089 46 ok|1 84 12 76 451 089 46",
            "NIR corse 2 80 10 2A 731 847 10.|2 80 10 2A 731 847 10",
            "DNI 12345678Z.|12345678Z",
            "NIE X-1234567-L ok|X-1234567-L",
            "Codice fiscale: RSSMRA85T10A562S.|RSSMRA85T10A562S",
            "BSN: 111222333.|111222333",
            "Steuer-ID: 86 095 742 719.|86 095 742 719",
            "PESEL: 44051401359.|44051401359",
            "sökande 811218-9876 ok|811218-9876",
            "Personnummer: 8112189876.|8112189876"})
    void nationalId_valid(String text, String value) {
        found(FindingType.NATIONAL_ID, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "unallocated prefix QQ 12 34 56 C", "prefix GB 12 34 56 A", "suffix AB 12 34 56 E",
            "NIR key 1 84 12 76 451 089 47", "DNI letter 12345678A", "NIE letter X1234567M",
            "Codice fiscale: RSSMRA85T10A562T", "BSN: 111222334", "unlabelled 111222333",
            "Steuer-ID: 86 095 742 718", "no label 86095742719", "PESEL: 44051401358", "unlabelled 44051401359",
            "Luhn 811218-9875", "bare, unlabelled 8112189876"})
    void nationalId_invalid(String text) {
        assertThat(of(FindingType.NATIONAL_ID, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Date of birth: 12.03.1985.|12.03.1985",
            "born on March 5, 1985 in|March 5, 1985",
            "Né le 5 mars 1985 à Lyon|5 mars 1985",
            "geboren am 5. März 1985|5. März 1985",
            "Fecha de nacimiento: 5 de marzo de 1985|5 de marzo de 1985",
            "Data urodzenia: 1985-03-05|1985-03-05"})
    void birthDate_valid(String text, String value) {
        found(FindingType.DATE_OF_BIRTH, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Meeting on 12.03.1985.", "Date of birth: 31.02.1985", "born 12.03.2999", "Lieferung am 5. März 2025"})
    void birthDate_invalid(String text) {
        assertThat(of(FindingType.DATE_OF_BIRTH, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Callback number: +1 (415) 555-0132|+1 (415) 555-0132",
            "phone +49 40 555 0199.|+49 40 555 0199",
            "al +34 912 345 678 por|+34 912 345 678",
            "e164 +442071838750 ok|+442071838750",
            "Tél. : 06 39 98 12 34|06 39 98 12 34",
            "Telefon: 030 1234567|030 1234567",
            "joignable au 01 99 00 12 34 demain|01 99 00 12 34",
            "grouped, no label: (415) 555-0132|(415) 555-0132",
            "London +44 (0)20 7946 0018 ok|+44 (0)20 7946 0018",
            "from abroad 0033 6 12 34 56 78|0033 6 12 34 56 78",
            "Telefoon: 06 12345678|06 12345678",
            "Telefon: 08-123 456 78|08-123 456 78"})
    void phone_valid(String text, String value) {
        found(FindingType.PHONE, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"version 1.2.3", "time 10:30:15.123", "order 415 555 0132", "too short +1 234",
            "too long +1 234 567 890 123 456", "bare digits, no label 0639981234", "Order no. 06 39 98 12 34", "Réf. 01 99 00 12 34",
            "date 12.03.2024", "timestamp 2026-05-12 10:30", "amount 1.234.567,89 EUR", "no such country +999 1234 5678",
            "not in the plan +33 0 00 00 00 00", "SSN 958-36-3058 (fails its rules)"})
    void phone_invalid(String text) {
        assertThat(of(FindingType.PHONE, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from 203.0.113.45 and|203.0.113.45",
            "target (10.0.3.17, x)|10.0.3.17",
            "v6 2001:db8::8a2e:370:7334 here|2001:db8::8a2e:370:7334",
            "v6 full 2001:0db8:0000:0000:0000:ff00:0042:8329 ok|2001:0db8:0000:0000:0000:ff00:0042:8329",
            "loopback ::1 ok|::1",
            "mapped ::ffff:192.0.2.128 ok|::ffff:192.0.2.128"})
    void ip_valid(String text, String value) {
        found(FindingType.IP_ADDRESS, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "octet 256.1.1.1", "leading zero 01.2.3.4", "versions 1.2.3 and 10.20.30", "five parts 1.2.3.4.5",
            "time 2026-05-12 10:30:15.123", "two compressions 2001::db8::1", "clock 09:12", "nine groups 1:2:3:4:5:6:7:8:9"})
    void ip_invalid(String text) {
        assertThat(of(FindingType.IP_ADDRESS, text)).as(text).isEmpty();
    }

    /**
     * Windows and anchored starts are shortcuts: on the whole corpus and every sample, each pattern detector
     * reports exactly what its pattern finds scanning the text from end to end.
     */
    @org.junit.jupiter.api.Test
    void everyPatternDetector_reportsWhatAFullScanOfItsPatternReports() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        PiiCorpus.read(PiiCorpus.FILE).entries().forEach(e -> all.append(e.text()).append('\n'));
        try (var files = java.nio.file.Files.list(SampleFindingsTest.SAMPLES)) {
            for (var f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                all.append(java.nio.file.Files.readString(f)).append('\n');
            }
        }
        String text = Chunker.normalize(all.toString());
        Triggers triggers = Triggers.scan(text);
        int checked = 0;
        for (Detector d : Detectors.all()) {
            if (!(d instanceof PatternDetector p) || d instanceof Detectors.Iban) {
                continue; // the IBAN detector trims its candidates: its own cases above
            }
            List<long[]> expected = new java.util.ArrayList<>();
            java.util.regex.Matcher m = p.matcher(text);
            while (m.find()) {
                int g = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                if (p.accept(text, m.start(g), m.end(g), m.group(g))) {
                    expected.add(new long[] {m.start(g), m.end(g)});
                }
            }
            List<long[]> actual = p.detect(text, triggers).stream().map(f -> new long[] {f.start(), f.end()}).toList();
            assertThat(actual).as(p.id()).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(expected);
            checked += expected.size();
        }
        assertThat(checked).as("values checked").isGreaterThan(700);
    }
}
