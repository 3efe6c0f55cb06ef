package dev.tandem.functions.steps.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numbering plans decide as libphonenumber's own validation does, without its parser. */
class NumberingPlansTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void nationalNumbers_validExactlyWhenTheLibrarySaysSoForTheRegion() throws NumberParseException {
        Random random = new Random(7);
        int agreed = 0;
        for (String region : NumberingPlans.NATIONAL_REGIONS) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String nsn = UTIL.getNationalSignificantNumber(example);
                for (int i = 0; i < 40; i++) {
                    // Vary the example: its last digits, or (one time in four) its first digits too.
                    StringBuilder varied = new StringBuilder(nsn);
                    for (int d = 0; d < varied.length(); d++) {
                        if (d >= varied.length() - 4 || (i % 4 == 0 && d < 2)) {
                            varied.setCharAt(d, (char) ('0' + random.nextInt(10)));
                        }
                    }
                    PhoneNumber parsed = UTIL.parse("+" + example.getCountryCode() + varied, "ZZ");
                    String significant = UTIL.getNationalSignificantNumber(parsed);
                    boolean library = UTIL.isValidNumberForRegion(parsed, region);
                    NumberingPlans.Plan plan = NumberingPlans.plan(region);
                    assertThat(plan.validSignificant(significant)).as("%s %s (%s)", region, significant, type).isEqualTo(library);
                    // Written nationally: with the trunk prefix where the country dials one.
                    assertThat(plan.validNational(plan.trunkPrefix() + significant)).as("%s %s%s", region, plan.trunkPrefix(), significant)
                            .isEqualTo(library);
                    assertThat(NumberingPlans.validInternational(example.getCountryCode() + significant))
                            .as("+%d %s", example.getCountryCode(), significant).isEqualTo(UTIL.isValidNumber(parsed));
                    agreed++;
                }
            }
        }
        assertThat(agreed).isGreaterThan(1000);
    }
}
