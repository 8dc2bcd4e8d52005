using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jianguan.Analytics.Data;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>What the reader knows about a compiled release beyond its own fields.</summary>
internal sealed record MapHints(DateTimeOffset? FirstReleaseDate, string? SourceUrl);

/// <summary>A field of a compiled release that could not be used, and why (Chinese / English).</summary>
internal readonly record struct FieldError(string Field, string Reason);

/// <summary>
/// Maps one compiled release onto the import fragments. The choices, for the user guide:
/// <list type="bullet">
/// <item>ocid → project code; tender.title (else description, or their language variants) → name;
/// planning.budget.amount (else tender.value) → budget; tender.datePublished, else the earliest release date or
/// tender period start → published at. A zero estimate is a publisher's placeholder and is left out.</item>
/// <item>Category: mainProcurementCategory "works" (or, without it, CPV 45 items) → construction; "goods" and
/// "services" → government procurement, because OCDS publishes public contracting and every buyer is taken as
/// public; other values → other. The raw code is kept as the category detail; procurementMethod is the tender
/// mode (open, selective, limited, direct), also kept raw.</item>
/// <item>buyer (else procuringEntity) → tenderer; a procuringEntity that is not the buyer → agency. Names come
/// from parties[] by id. An identifier with scheme CN-USCC gives the credit code as is; another company register
/// (org-id.guide scheme such as GB-COH, AM-TIN) gives "SCHEME-id", unique and visibly not a Chinese code.</item>
/// <item>tender.lots → one section each (code = lot id); without lots one section "1". tender.value (or the lot
/// value) → both control price and estimated price: OCDS defines it as the upper estimate. tenderPeriod start
/// and end → notice and bid opening; awardCriteria → evaluation method.</item>
/// <item>bids.details → one bid per tenderer and related lot (value → price, date → submitted at, status valid /
/// disqualified / withdrawn, the Armenian qualified / not-qualified, anything else unknown; invitations are not
/// bids); rank → candidate. tender.tenderers (and parties with role tenderer) who have no bid details → a bid
/// without price, as OCDS defines tenderers as those who bid; only when there is a single section.</item>
/// <item>awards not pending, cancelled or unsuccessful → winner (first supplier), award amount and date of their
/// lots' sections; the first such award of a section wins.</item>
/// <item>contracts → one contract record in each section of the award it implements (awardID; else its own
/// relatedLots, else the only section): id, title, value with currency, dateSigned, and the supplier (the contract's
/// own suppliers when a publisher writes them, else the award's first supplier). A cancelled contract is left out.
/// The earliest dateSigned of a section's contracts is the section's signing date (SignedOn).</item>
/// <item>Every amount keeps its currency (value.currency, an ISO 4217 code; a code that is not one refuses the
/// release); an amount without a currency is taken as the source's own (CNY). Dates without offset are UTC.</item>
/// </list>
/// </summary>
internal sealed partial class OcdsMapper
{
    internal const int CodeMax = 200;
    internal const int NameMax = 500;
    internal const int EntityNameMax = 300;
    internal const int CreditCodeMax = 64;
    internal const int DetailMax = 100;
    internal const int TenderModeMax = 50;
    internal const int UrlMax = 1000;

    private const string SingleSection = "1";

    private readonly JsonObject release;
    private readonly List<FieldError> errors = [];
    private readonly Dictionary<string, JsonObject> parties = new(StringComparer.Ordinal);
    private readonly List<SectionData> sections = [];
    private readonly Dictionary<string, SectionData> sectionsByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<SectionData, Dictionary<string, BidData>> bidsByKey = [];

    private OcdsMapper(JsonObject release) => this.release = release;

    /// <summary>Unified social credit code: 18 characters, no I, O, S, V or Z.</summary>
    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uscc();

    /// <summary>An org-id.guide register prefix: a country (or XI / XM) and a register code, in capitals.</summary>
    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{2,}(?:-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegisterScheme();

    public static (ProjectData? Project, IReadOnlyList<FieldError> Errors) Map(JsonObject compiled, MapHints hints)
    {
        var mapper = new OcdsMapper(compiled);
        var project = mapper.MapProject(hints);
        return (project, mapper.errors);
    }

    private ProjectData? MapProject(MapHints hints)
    {
        var ocid = OcdsValues.ScalarText(release["ocid"])?.Trim();
        if (string.IsNullOrEmpty(ocid))
        {
            Error("ocid", "缺少 ocid / the release has no ocid");
            return null;
        }

        if (ocid.Length > CodeMax)
        {
            Error("ocid", $"ocid 超过 {CodeMax} 个字符 / ocid is longer than {CodeMax} characters");
            return null;
        }

        IndexParties();
        var tender = ObjectAt(release, "tender", "tender");
        var project = new ProjectData { Code = ocid };

        project.Name = Clip(Localized(tender, "title") ?? Localized(tender, "description"), NameMax);
        var buyer = Entity(release["buyer"], "buyer") ?? EntityWithRole("buyer");
        var procuringEntity = Entity(At(tender, "procuringEntity"), "tender.procuringEntity") ?? EntityWithRole("procuringEntity");
        project.Tenderer = buyer ?? procuringEntity;
        if (buyer is not null && procuringEntity is not null && EntityKey(buyer) != EntityKey(procuringEntity))
        {
            project.Agency = procuringEntity;
        }

        MapCategory(project, tender, isPublic: project.Tenderer is not null);
        project.TenderMode = Clip(Text(At(tender, "procurementMethod")) ?? Text(At(tender, "procurementMethodDetails")), TenderModeMax);
        project.Region = Clip(BuyerRegion(), DetailMax);
        var budget = Estimate(Money(At(At(release, "planning"), "budget") is JsonObject b ? b["amount"] : null, "planning.budget.amount"));
        if (budget.Amount is null)
        {
            budget = Estimate(Money(At(tender, "value"), "tender.value"));
        }

        (project.Budget, project.BudgetCurrency) = budget;
        project.PublishedAt = Date(At(tender, "datePublished"), "tender.datePublished")
            ?? Earliest(hints.FirstReleaseDate, Date(At(At(tender, "tenderPeriod"), "startDate"), "tender.tenderPeriod.startDate"));
        if (hints.SourceUrl is { Length: <= UrlMax } url
            && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            project.SourceUrl = url;
        }

        if (tender is not null)
        {
            MapSections(tender);
        }

        MapBids(tender);
        MapAwards();
        MapContracts();
        project.Sections.AddRange(sections);
        return project;
    }

    private void MapCategory(ProjectData project, JsonObject? tender, bool isPublic)
    {
        var main = Text(At(tender, "mainProcurementCategory"))?.Trim();
        project.CategoryDetail = Clip(main, DetailMax);
        project.Category = main switch
        {
            null or "" => HasConstructionItems(tender) ? TradingCategory.Construction : null,
            "works" => TradingCategory.Construction,
            "goods" or "services" => isPublic ? TradingCategory.GovernmentProcurement : TradingCategory.Other,
            _ => TradingCategory.Other,
        };
    }

    /// <summary>CPV division 45 is construction work: the usual signal in 1.0 data, which has no category.</summary>
    private static bool HasConstructionItems(JsonObject? tender) =>
        At(tender, "items") is JsonArray items && items.Any(item =>
            At(item, "classification") is JsonObject c
            && Text(c["scheme"])?.StartsWith("CPV", StringComparison.OrdinalIgnoreCase) == true
            && OcdsValues.ScalarText(c["id"])?.StartsWith("45", StringComparison.Ordinal) == true);

    private string? BuyerRegion()
    {
        var reference = release["buyer"];
        var party = OcdsValues.ScalarText(At(reference, "id")) is { } id ? parties.GetValueOrDefault(id) : null;
        return Text(At(At(party, "address"), "region")) ?? Text(At(At(reference, "address"), "region"));
    }

    private void MapSections(JsonObject tender)
    {
        var noticeAt = Date(At(At(tender, "tenderPeriod"), "startDate"), "tender.tenderPeriod.startDate");
        var bidOpenAt = Date(At(At(tender, "tenderPeriod"), "endDate"), "tender.tenderPeriod.endDate");
        var evaluation = Clip(Text(tender["awardCriteria"]), DetailMax);

        if (ArrayAt(tender, "lots", "tender.lots") is { Count: > 0 } lots)
        {
            for (var i = 0; i < lots.Count; i++)
            {
                var path = $"tender.lots[{i}]";
                if (lots[i] is not JsonObject lot)
                {
                    Error(path, "标段（lot）应为对象 / a lot must be an object");
                    continue;
                }

                var code = OcdsValues.ScalarText(lot["id"])?.Trim();
                if (string.IsNullOrEmpty(code))
                {
                    Error(path + ".id", "标段缺少编号 / the lot has no id");
                    continue;
                }

                var section = Section(code, path + ".id");
                if (section is null)
                {
                    continue;
                }

                section.Name = Clip(Localized(lot, "title") ?? Localized(lot, "description"), NameMax);
                var value = Estimate(Money(lot["value"], path + ".value"));
                (section.ControlPrice, section.ControlPriceCurrency) = value;
                (section.EstimatedPrice, section.EstimatedPriceCurrency) = value;
                section.NoticeAt = Date(At(At(lot, "tenderPeriod"), "startDate"), path + ".tenderPeriod.startDate") ?? noticeAt;
                section.BidOpenAt = Date(At(At(lot, "tenderPeriod"), "endDate"), path + ".tenderPeriod.endDate") ?? bidOpenAt;
                section.EvaluationMethod = evaluation;
            }

            if (sections.Count > 0)
            {
                return;
            }
        }

        var single = Section(SingleSection, "tender")!;
        single.Name = Clip(Localized(tender, "title"), NameMax);
        var tenderValue = Estimate(Money(tender["value"], "tender.value"));
        (single.ControlPrice, single.ControlPriceCurrency) = tenderValue;
        (single.EstimatedPrice, single.EstimatedPriceCurrency) = tenderValue;
        single.NoticeAt = noticeAt;
        single.BidOpenAt = bidOpenAt;
        single.EvaluationMethod = evaluation;
        single.DeclaredBidderCount = Count(tender["numberOfTenderers"], "tender.numberOfTenderers");
    }

    private void MapBids(JsonObject? tender)
    {
        var bids = ObjectAt(release, "bids", "bids");
        if (ArrayAt(bids, "details", "bids.details") is { } details)
        {
            for (var i = 0; i < details.Count; i++)
            {
                MapBid(details[i], $"bids.details[{i}]");
            }
        }

        // Tenderers are, by the standard's definition, those who bid: a bid without a price when no detail says more.
        if (sections.Count > 1)
        {
            return;
        }

        var tenderers = new List<PartyRef>();
        if (ArrayAt(tender, "tenderers", "tender.tenderers") is { } listed)
        {
            for (var i = 0; i < listed.Count; i++)
            {
                if (Entity(listed[i], $"tender.tenderers[{i}]") is { } entity)
                {
                    tenderers.Add(entity);
                }
            }
        }
        else
        {
            tenderers.AddRange(PartiesWithRole("tenderer"));
        }

        if (tenderers.Count == 0)
        {
            return;
        }

        var section = sections.Count == 1 ? sections[0] : Section(SingleSection, "tender")!;
        foreach (var entity in tenderers)
        {
            if (!bidsByKey.TryGetValue(section, out var known) || !known.ContainsKey(EntityKey(entity)))
            {
                AddBid(section, new BidData { Bidder = entity });
            }
        }
    }

    private void MapBid(JsonNode? node, string path)
    {
        if (node is not JsonObject bid)
        {
            Error(path, "投标应为对象 / a bid must be an object");
            return;
        }

        var statusText = Text(bid["status"])?.Trim();
        if (statusText == "invited")
        {
            return;
        }

        var status = statusText switch
        {
            null or "" => (BidStatus?)null,
            "valid" or "qualified" => BidStatus.Valid,
            "disqualified" or "not-qualified" or "notQualified" => BidStatus.Disqualified,
            "withdrawn" => BidStatus.Withdrawn,
            _ => BidStatus.Unknown,
        };
        var (price, currency) = Money(bid["value"], path + ".value");
        var submittedAt = Date(bid["date"], path + ".date");
        var bidders = new List<PartyRef>();
        if (ArrayAt(bid, "tenderers", path + ".tenderers") is { } tenderers)
        {
            for (var i = 0; i < tenderers.Count; i++)
            {
                if (Entity(tenderers[i], $"{path}.tenderers[{i}]") is { } entity)
                {
                    bidders.Add(entity);
                }
            }
        }

        if (bidders.Count == 0)
        {
            Error(path + ".tenderers", "投标没有可识别的投标人 / the bid names no identifiable tenderer");
            return;
        }

        var targets = Targets(RelatedLots(bid), path, "投标未指明标段，而项目有多个标段 / the bid names no lot and the tender has several lots");
        if (targets is null)
        {
            return;
        }

        var rank = bid["rank"] is JsonValue r && r.TryGetValue<int>(out var n) && n >= 1 ? n : (int?)null;
        foreach (var section in targets)
        {
            foreach (var bidder in bidders)
            {
                AddBid(section, new BidData { Bidder = bidder, Price = price, Currency = currency, SubmittedAt = submittedAt, Status = status });
                if (rank is { } value && section.Candidates.TrueForAll(c => EntityKey(c.Entity) != EntityKey(bidder)))
                {
                    section.Candidates.Add(new CandidateData { Entity = bidder, Rank = value, Price = price, Currency = currency });
                }
            }
        }
    }

    private void MapAwards()
    {
        if (ArrayAt(release, "awards", "awards") is not { } awards)
        {
            return;
        }

        for (var i = 0; i < awards.Count; i++)
        {
            var path = $"awards[{i}]";
            if (awards[i] is not JsonObject award)
            {
                Error(path, "授标应为对象 / an award must be an object");
                continue;
            }

            if (Text(award["status"])?.Trim() is "pending" or "cancelled" or "unsuccessful")
            {
                continue;
            }

            PartyRef? winner = null;
            if (ArrayAt(award, "suppliers", path + ".suppliers") is { } suppliers)
            {
                for (var j = 0; j < suppliers.Count && winner is null; j++)
                {
                    winner = Entity(suppliers[j], $"{path}.suppliers[{j}]");
                }
            }

            var (amount, currency) = Money(award["value"], path + ".value");
            var date = Date(award["date"], path + ".date");
            if (winner is null && amount is null && date is null)
            {
                continue;
            }

            var targets = Targets(RelatedLots(award), path, "授标未指明标段，而项目有多个标段 / the award names no lot and the tender has several lots");
            foreach (var section in targets ?? [])
            {
                if (section.Winner is null && section.AwardAmount is null && section.AwardAt is null)
                {
                    section.Winner = winner;
                    section.AwardAmount = amount;
                    section.AwardCurrency = currency;
                    section.AwardAt = date;
                }
            }
        }
    }

    private void MapContracts()
    {
        if (ArrayAt(release, "contracts", "contracts") is not { } contracts)
        {
            return;
        }

        for (var i = 0; i < contracts.Count; i++)
        {
            var path = $"contracts[{i}]";
            if (contracts[i] is not JsonObject contract)
            {
                Error(path, "合同应为对象 / a contract must be an object");
                continue;
            }

            if (Text(contract["status"])?.Trim() == "cancelled")
            {
                continue;
            }

            var code = OcdsValues.ScalarText(contract["id"])?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                Error(path + ".id", "合同缺少编号 / the contract has no id");
                continue;
            }

            if (code.Length > CodeMax)
            {
                Error(path + ".id", $"合同编号超过 {CodeMax} 个字符 / the contract id is longer than {CodeMax} characters");
                continue;
            }

            var awardCode = (OcdsValues.ScalarText(contract["awardID"]) ?? OcdsValues.ScalarText(contract["awardId"]))?.Trim();
            var (award, awardPath) = AwardById(awardCode);
            var (value, currency) = Money(contract["value"], path + ".value");
            var signedOn = Date(contract["dateSigned"], path + ".dateSigned");
            PartyRef? supplier = null;
            if (ArrayAt(contract, "suppliers", path + ".suppliers") is { } own)
            {
                for (var j = 0; j < own.Count && supplier is null; j++)
                {
                    supplier = Entity(own[j], $"{path}.suppliers[{j}]");
                }
            }

            if (supplier is null && award is not null && ArrayAt(award, "suppliers", awardPath + ".suppliers") is { } suppliers)
            {
                for (var j = 0; j < suppliers.Count && supplier is null; j++)
                {
                    supplier = Entity(suppliers[j], $"{awardPath}.suppliers[{j}]");
                }
            }

            var lots = award is not null ? RelatedLots(award) : RelatedLots(contract);
            var targets = Targets(lots, award is not null ? awardPath : path,
                "合同未指明标段，而项目有多个标段 / the contract names no lot and the tender has several lots");
            foreach (var section in targets ?? [])
            {
                var existing = section.Contracts.Find(c => c.Code == code);
                if (existing is null)
                {
                    existing = new ContractData { Code = code };
                    section.Contracts.Add(existing);
                }

                existing.AwardCode = Clip(awardCode, CodeMax) ?? existing.AwardCode;
                existing.Title = Clip(Localized(contract, "title") ?? Localized(contract, "description"), NameMax) ?? existing.Title;
                if (value is not null)
                {
                    (existing.Value, existing.Currency) = (value, currency);
                }

                existing.SignedOn = signedOn ?? existing.SignedOn;
                existing.Supplier = supplier ?? existing.Supplier;
                section.SignedOn = Earliest(section.SignedOn, signedOn);
            }
        }
    }

    /// <summary>The award a contract implements, by its id (whatever the award's status), with its path.</summary>
    private (JsonObject? Award, string Path) AwardById(string? id)
    {
        if (id is null || release["awards"] is not JsonArray awards)
        {
            return (null, "");
        }

        for (var i = 0; i < awards.Count; i++)
        {
            if (awards[i] is JsonObject award && OcdsValues.ScalarText(award["id"])?.Trim() == id)
            {
                return (award, $"awards[{i}]");
            }
        }

        return (null, "");
    }

    /// <summary>The sections a bid or award belongs to: its lots, or the only section; null when ambiguous.</summary>
    private List<SectionData>? Targets(List<string> lots, string path, string ambiguous)
    {
        if (lots.Count > 0)
        {
            var found = new List<SectionData>();
            foreach (var lot in lots)
            {
                if (Section(lot, path + ".relatedLots") is { } section && !found.Contains(section))
                {
                    found.Add(section);
                }
            }

            return found;
        }

        if (sections.Count > 1)
        {
            Error(path + ".relatedLots", ambiguous);
            return null;
        }

        return [sections.Count == 1 ? sections[0] : Section(SingleSection, path)!];
    }

    /// <summary>relatedLots as the standard writes it (strings), plus two publisher variants seen in real data.</summary>
    private static List<string> RelatedLots(JsonObject holder)
    {
        var lots = new List<string>();
        if (holder["relatedLots"] is JsonArray array)
        {
            foreach (var item in array)
            {
                var id = item is JsonObject o ? OcdsValues.ScalarText(o["lotId"]) ?? OcdsValues.ScalarText(o["id"]) : OcdsValues.ScalarText(item);
                if (!string.IsNullOrWhiteSpace(id))
                {
                    lots.Add(id.Trim());
                }
            }
        }
        else if (OcdsValues.ScalarText(holder["relatedLot"]) is { } single && !string.IsNullOrWhiteSpace(single))
        {
            lots.Add(single.Trim());
        }

        return lots;
    }

    private SectionData? Section(string code, string path)
    {
        if (sectionsByCode.TryGetValue(code, out var existing))
        {
            return existing;
        }

        if (code.Length > CodeMax)
        {
            Error(path, $"标段编号超过 {CodeMax} 个字符 / the lot id is longer than {CodeMax} characters");
            return null;
        }

        var section = new SectionData { Code = code };
        sections.Add(section);
        sectionsByCode[code] = section;
        return section;
    }

    private void AddBid(SectionData section, BidData bid)
    {
        if (!bidsByKey.TryGetValue(section, out var byKey))
        {
            byKey = new Dictionary<string, BidData>(StringComparer.Ordinal);
            bidsByKey[section] = byKey;
        }

        var key = EntityKey(bid.Bidder);
        if (byKey.TryGetValue(key, out var existing))
        {
            // One bidder, one bid per section (the database's key): later details complete earlier ones.
            if (bid.Price is not null)
            {
                (existing.Price, existing.Currency) = (bid.Price, bid.Currency);
            }

            existing.SubmittedAt = bid.SubmittedAt ?? existing.SubmittedAt;
            existing.Status = bid.Status ?? existing.Status;
            return;
        }

        byKey[key] = bid;
        section.Bids.Add(bid);
    }

    private void IndexParties()
    {
        if (ArrayAt(release, "parties", "parties") is not { } list)
        {
            return;
        }

        foreach (var party in list.OfType<JsonObject>())
        {
            if (OcdsValues.ScalarText(party["id"]) is { } id)
            {
                parties.TryAdd(id, party);
            }
        }
    }

    private PartyRef? EntityWithRole(string role) => PartiesWithRole(role).FirstOrDefault();

    private IEnumerable<PartyRef> PartiesWithRole(string role)
    {
        if (release["parties"] is not JsonArray list)
        {
            yield break;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject party && party["roles"] is JsonArray roles
                && roles.Any(r => OcdsValues.AsString(r) == role)
                && Entity(party, $"parties[{i}]") is { } entity)
            {
                yield return entity;
            }
        }
    }

    /// <summary>An organization reference (1.1) or organization (1.0), completed from parties[] by id.</summary>
    private PartyRef? Entity(JsonNode? reference, string path)
    {
        if (OcdsValues.IsNull(reference))
        {
            return null;
        }

        if (reference is not JsonObject org)
        {
            Error(path, "组织应为对象 / an organization must be an object");
            return null;
        }

        var id = OcdsValues.ScalarText(org["id"]);
        var party = id is null ? null : parties.GetValueOrDefault(id);
        var name = Localized(party, "name")
            ?? Localized(org, "name")
            ?? Localized(At(party, "identifier") as JsonObject, "legalName")
            ?? Localized(org["identifier"] as JsonObject, "legalName");
        var creditCode = CreditCode(party) ?? CreditCode(org);
        if (name is null)
        {
            if (id is not null || creditCode is not null)
            {
                Error(path + ".name", "组织没有名称 / the organization has no name");
            }

            return null;
        }

        return new PartyRef(Clip(name, EntityNameMax)!, creditCode);
    }

    private static string? CreditCode(JsonObject? org)
    {
        if (org is null)
        {
            return null;
        }

        var identifiers = new List<JsonObject>();
        if (org["identifier"] is JsonObject primary)
        {
            identifiers.Add(primary);
        }

        if (org["additionalIdentifiers"] is JsonArray more)
        {
            identifiers.AddRange(more.OfType<JsonObject>());
        }

        foreach (var identifier in identifiers)
        {
            if (string.Equals(Text(identifier["scheme"])?.Trim(), "CN-USCC", StringComparison.OrdinalIgnoreCase)
                && OcdsValues.ScalarText(identifier["id"])?.Trim().ToUpperInvariant() is { Length: > 0 and <= CreditCodeMax } uscc)
            {
                return uscc;
            }
        }

        if (identifiers.Count == 0 || At(org, "identifier") is not JsonObject first)
        {
            return null;
        }

        var scheme = Text(first["scheme"])?.Trim();
        var value = OcdsValues.ScalarText(first["id"])?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (scheme is not null && RegisterScheme().IsMatch(scheme))
        {
            var code = value.StartsWith(scheme + "-", StringComparison.Ordinal) ? value : scheme + "-" + value;
            return code.Length <= CreditCodeMax ? code : null;
        }

        return string.IsNullOrEmpty(scheme) && Uscc().IsMatch(value.ToUpperInvariant()) ? value.ToUpperInvariant() : null;
    }

    internal static string EntityKey(PartyRef entity) =>
        entity.CreditCode ?? "name:" + string.Join(' ', entity.Name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>An OCDS Value: its amount and the ISO 4217 code of its currency (null when the value names none).</summary>
    private (decimal? Amount, string? Currency) Money(JsonNode? value, string path)
    {
        if (OcdsValues.IsNull(value))
        {
            return (null, null);
        }

        if (value is not JsonObject money)
        {
            Error(path, "金额对象应为 {amount, currency} / a value must be an object with amount and currency");
            return (null, null);
        }

        var amount = money["amount"];
        if (OcdsValues.IsNull(amount))
        {
            return (null, null);
        }

        if (!OcdsValues.TryGetNumber(amount, out var number))
        {
            Error(path + ".amount", amount is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                ? "金额超出范围 / amount is out of range"
                : "金额不是数字 / amount is not a number");
            return (null, null);
        }

        if (Text(money["currency"]) is not { } text)
        {
            return (number, null);
        }

        if (Currencies.Normalise(text) is { } code)
        {
            return (number, code);
        }

        Error(path + ".currency", $"币种不是 ISO 4217 代码 / currency is not an ISO 4217 code: {Clip(text, 20)}");
        return (null, null);
    }

    /// <summary>Publishers write 0 where they have no estimate; a zero ceiling would poison price ratios.</summary>
    private static (decimal? Amount, string? Currency) Estimate((decimal? Amount, string? Currency) value) =>
        value.Amount is > 0 ? value : (null, null);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private DateTimeOffset? Date(JsonNode? node, string path)
    {
        if (OcdsValues.IsNull(node))
        {
            return null;
        }

        if (OcdsValues.TryParseDate(node, out var date))
        {
            if (!ValueParser.InRange(date))
            {
                Error(path, "日期" + ValueParser.OutOfRangeReason + " / date " + ValueParser.OutOfRangeReasonEnglish);
                return null;
            }

            return date;
        }

        Error(path, "日期不是 ISO 8601 格式 / date is not in ISO 8601 format");
        return null;
    }

    private int? Count(JsonNode? node, string path)
    {
        if (OcdsValues.IsNull(node))
        {
            return null;
        }

        if (OcdsValues.TryGetNumber(node, out var number) && number >= 0 && number <= int.MaxValue && number == decimal.Truncate(number))
        {
            return (int)number;
        }

        Error(path, "人数不是非负整数 / count is not a non-negative integer");
        return null;
    }

    private JsonObject? ObjectAt(JsonObject? holder, string key, string path)
    {
        var node = holder?[key];
        if (OcdsValues.IsNull(node))
        {
            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(path, $"{key} 应为对象 / {key} must be an object");
        return null;
    }

    private JsonArray? ArrayAt(JsonObject? holder, string key, string path)
    {
        var node = holder?[key];
        if (OcdsValues.IsNull(node))
        {
            return null;
        }

        if (node is JsonArray array)
        {
            return array;
        }

        Error(path, $"{key} 应为数组 / {key} must be an array");
        return null;
    }

    private static JsonNode? At(JsonNode? node, string key) => node is JsonObject o ? o[key] : null;

    /// <summary>A string, or the text of a number; objects and arrays are not text.</summary>
    private static string? Text(JsonNode? node) => OcdsValues.ScalarText(node) is { } s && s.Trim().Length > 0 ? s.Trim() : null;

    /// <summary>
    /// A text field, or its language variants (OCDS writes "title_en", "name_fr" beside or instead of the
    /// field): Chinese first, then English, then any.
    /// </summary>
    private static string? Localized(JsonObject? holder, string field)
    {
        if (holder is null)
        {
            return null;
        }

        if (Text(holder[field]) is { } plain)
        {
            return plain;
        }

        string? english = null;
        string? other = null;
        var prefix = field + "_";
        foreach (var (key, value) in holder)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || Text(value) is not { } text)
            {
                continue;
            }

            var language = key[prefix.Length..];
            if (language.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return text;
            }

            if (language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                english ??= text;
            }
            else
            {
                other ??= text;
            }
        }

        return english ?? other;
    }

    /// <summary>Display texts longer than their column are cut: a huge title must not cost the whole project.</summary>
    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    /// <summary>Records a problem once, however many mappings read the same field.</summary>
    private void Error(string field, string reason)
    {
        var error = new FieldError(field, reason);
        if (!errors.Contains(error))
        {
            errors.Add(error);
        }
    }
}
