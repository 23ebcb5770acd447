namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>
/// The options of the standard lead and contact choice columns, with their English labels and values as a new
/// Dynamics 365 Sales organization has them (https://learn.microsoft.com/dynamics365/developer/reference/entities/lead).
/// </summary>
internal static class StandardChoices
{
    public static readonly (int, string)[] LeadSource =
    [
        (1, "Advertisement"), (2, "Employee Referral"), (3, "External Referral"), (4, "Partner"), (5, "Public Relations"),
        (6, "Seminar"), (7, "Trade Show"), (8, "Web"), (9, "Word of Mouth"), (10, "Other"),
    ];

    public static readonly (int, string)[] Industry =
    [
        (1, "Accounting"), (2, "Agriculture and Non-petrol Natural Resource Extraction"), (3, "Broadcasting Printing and Publishing"),
        (4, "Brokers"), (5, "Building Supply Retail"), (6, "Business Services"), (7, "Consulting"), (8, "Consumer Services"),
        (9, "Design, Direction and Creative Management"), (10, "Distributors, Dispatchers and Processors"),
        (11, "Doctor's Offices and Clinics"), (12, "Durable Manufacturing"), (13, "Eating and Drinking Places"),
        (14, "Entertainment Retail"), (15, "Equipment Rental and Leasing"), (16, "Financial"), (17, "Food and Tobacco Processing"),
        (18, "Inbound Capital Intensive Processing"), (19, "Inbound Repair and Services"), (20, "Insurance"), (21, "Legal Services"),
        (22, "Non-Durable Merchandise Retail"), (23, "Outbound Consumer Service"), (24, "Petrochemical Extraction and Distribution"),
        (25, "Service Retail"), (26, "SIG Affiliations"), (27, "Social Services"), (28, "Special Outbound Trade Contractors"),
        (29, "Specialty Realty"), (30, "Transportation"), (31, "Utility Creation and Distribution"), (32, "Vehicle Retail"),
        (33, "Wholesale"),
    ];

    public static readonly (int, string)[] LeadState = [(0, "Open"), (1, "Qualified"), (2, "Disqualified")];

    public static readonly (int, string)[] LeadStatus =
    [
        (1, "New"), (2, "Contacted"), (3, "Qualified"), (4, "Lost"), (5, "Cannot Contact"), (6, "No Longer Interested"), (7, "Canceled"),
    ];

    public static readonly (int, string)[] ContactState = [(0, "Active"), (1, "Inactive")];

    public static readonly (int, string)[] ContactStatus = [(1, "Active"), (2, "Inactive")];

    public static readonly (int, string)[] AccountState = [(0, "Active"), (1, "Inactive")];

    public static readonly (int, string)[] AccountStatus = [(1, "Active"), (2, "Inactive")];
    /// <summary>opportunity.salesstage (Qualify, Develop, Propose, Close).</summary>
    public static readonly (int, string)[] SalesStage = [(0, "Qualify"), (1, "Develop"), (2, "Propose"), (3, "Close")];

    /// <summary>opportunity.statecode: 0 Open, 1 Won, 2 Lost.</summary>
    public static readonly (int, string)[] OpportunityState = [(0, "Open"), (1, "Won"), (2, "Lost")];

    /// <summary>opportunity.statuscode: In Progress and On Hold (Open), Won (Won), Canceled and Out-Sold (Lost).</summary>
    public static readonly (int, string)[] OpportunityStatus = [(1, "In Progress"), (2, "On Hold"), (3, "Won"), (4, "Canceled"), (5, "Out-Sold")];
}
