package dev.tandem.functions.steps.analysis;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Telephone numbering plans, taken from libphonenumber's metadata (the reference for which numbers
 * exist: lengths and leading digits per number type and country).
 *
 * <p>Why not {@code PhoneNumberUtil.parse} and {@code isValidNumber}: they normalize the input with
 * many regular expressions, about 6.5 µs per candidate and region on the machine we measure on, and a
 * national number written without its country has to be tried against every country we cover. Here the
 * candidate is reduced to its digits once and matched against each plan's patterns directly, which is
 * what {@code isValidNumberForRegion} decides after parsing. {@code NumberingPlansTest} checks that the
 * two agree.
 */
final class NumberingPlans {

    /** The countries whose numbers are recognized in national format (without a country code). */
    static final List<String> NATIONAL_REGIONS = List.of(
            "FR", "DE", "GB", "IE", "ES", "PT", "IT", "NL", "BE", "AT", "CH", "PL", "SE", "DK", "US", "CA");

    /** One kind of number (fixed line, mobile, toll free...): its lengths and its pattern. */
    record Desc(List<Integer> lengths, Pattern pattern) {
        boolean matches(String nsn, Desc general) {
            List<Integer> possible = lengths.isEmpty() ? general.lengths : lengths;
            return (possible.isEmpty() || possible.contains(nsn.length())) && pattern.matcher(nsn).matches();
        }

        static Desc of(PhoneNumberDesc d) {
            return new Desc(List.copyOf(d.getPossibleLengthList()), Pattern.compile(d.getNationalNumberPattern()));
        }
    }

    /**
     * One country's plan: its calling code, its trunk prefix, and the kinds of its valid national
     * significant numbers (a number is valid when it matches the country's general description and one kind).
     */
    record Plan(String region, int countryCode, String trunkPrefix, boolean trunkOptional, Desc general, List<Desc> kinds) {

        /** Whether {@code digits}, written nationally (with the trunk prefix where the country uses one), is valid. */
        boolean validNational(String digits) {
            if (!trunkPrefix.isEmpty() && digits.startsWith(trunkPrefix) && validSignificant(digits.substring(trunkPrefix.length()))) {
                return true;
            }
            return (trunkPrefix.isEmpty() || trunkOptional) && validSignificant(digits);
        }

        boolean validSignificant(String nsn) {
            if (!general.matches(nsn, general)) {
                return false;
            }
            for (Desc kind : kinds) {
                if (kind.matches(nsn, general)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final MetadataSource SOURCE = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final Map<Integer, List<Plan>> BY_CODE = new ConcurrentHashMap<>();

    private NumberingPlans() {
    }

    /** Loaded on first use: the analyzer's cold start pays for it only when a text has a phone-like candidate. */
    private static final class National {
        static final List<Plan> PLANS = NATIONAL_REGIONS.stream().map(r -> plan(SOURCE.getMetadataForRegion(r))).toList();
    }

    /** The plan of one of {@link #NATIONAL_REGIONS}. */
    static Plan plan(String region) {
        return National.PLANS.get(NATIONAL_REGIONS.indexOf(region));
    }

    /** Whether {@code digits} is a valid number in national format in one of {@link #NATIONAL_REGIONS}. */
    static boolean validNational(String digits) {
        for (Plan plan : National.PLANS) {
            if (plan.validNational(digits)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code digits} (after the + or 00) is a country calling code and a valid number of that country. */
    static boolean validInternational(String digits) {
        for (int ccLength = 1; ccLength <= 3 && ccLength < digits.length(); ccLength++) {
            int code = Integer.parseInt(digits.substring(0, ccLength));
            List<Plan> plans = plans(code);
            if (!plans.isEmpty()) {
                String nsn = digits.substring(ccLength);
                // Italy keeps its leading zero after the country code; elsewhere a written trunk "(0)" was removed before.
                for (Plan plan : plans) {
                    if (plan.validSignificant(nsn)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private static List<Plan> plans(int code) {
        return BY_CODE.computeIfAbsent(code, c -> {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            List<Plan> plans = new ArrayList<>();
            for (String region : util.getRegionCodesForCountryCode(c)) {
                PhoneMetadata metadata = "001".equals(region)
                        ? SOURCE.getMetadataForNonGeographicalRegion(c) : SOURCE.getMetadataForRegion(region);
                if (metadata != null) {
                    plans.add(plan(metadata));
                }
            }
            return List.copyOf(plans);
        });
    }

    private static Plan plan(PhoneMetadata m) {
        List<Desc> kinds = new ArrayList<>();
        for (PhoneNumberDesc desc : List.of(m.getFixedLine(), m.getMobile(), m.getTollFree(), m.getPremiumRate(), m.getSharedCost(),
                m.getPersonalNumber(), m.getVoip(), m.getPager(), m.getUan(), m.getVoicemail())) {
            if (desc != null && desc.hasNationalNumberPattern()) {
                kinds.add(Desc.of(desc));
            }
        }
        String trunk = m.hasNationalPrefix() ? m.getNationalPrefix() : "";
        // North America dials its trunk prefix 1 only before long-distance numbers; written numbers mostly omit it.
        boolean optional = m.getCountryCode() == 1;
        return new Plan(m.getId(), m.getCountryCode(), trunk, optional, Desc.of(m.getGeneralDesc()), List.copyOf(kinds));
    }
}
