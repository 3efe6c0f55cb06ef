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
            "hyphens 4111-1111-1111-1111 ok|4111-1111-1111-1111"})
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
            "ISBN 978-3-16-148410-0"})
    void paymentCard_invalid(String text) {
        assertThat(of(FindingType.PAYMENT_CARD, text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "to IBAN DE89 3704 0044 0532 0130 00 (BIC|DE89 3704 0044 0532 0130 00",
            "Konto GB82 WEST 1234 5698 7654 32.|GB82 WEST 1234 5698 7654 32",
            "compact DE89370400440532013000 here|DE89370400440532013000",
            "glued DE89 3704 0044 0532 0130 00 BANK|DE89 3704 0044 0532 0130 00"})
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Callback number: +1 (415) 555-0132|+1 (415) 555-0132",
            "phone +49 40 555 0199.|+49 40 555 0199",
            "al +34 912 345 678 por|+34 912 345 678",
            "e164 +442071838750 ok|+442071838750"})
    void phone_valid(String text, String value) {
        found(FindingType.PHONE, text, value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"version 1.2.3", "time 10:30:15.123", "no plus 415 555 0132", "too short +1 234", "too long +1 234 567 890 123 456"})
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
}
