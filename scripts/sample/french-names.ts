/**
 * Word lists for the synthetic sample directory: common French surnames and first names
 * (from INSEE's published frequency rankings, rounded to familiar names) and street names.
 * Made-up people only: any resemblance to a registered practitioner is chance.
 */

export const SURNAMES: readonly string[] = [
  'MARTIN', 'BERNARD', 'THOMAS', 'PETIT', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT',
  'SIMON', 'MICHEL', 'LEFEBVRE', 'LEROY', 'ROUX', 'DAVID', 'BERTRAND', 'MOREL', 'FOURNIER', 'GIRARD',
  'BONNET', 'DUPONT', 'LAMBERT', 'FONTAINE', 'ROUSSEAU', 'VINCENT', 'MULLER', 'LEFEVRE', 'FAURE', 'ANDRE',
  'MERCIER', 'BLANC', 'GUERIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANCOIS', 'LEGRAND', 'GAUTHIER', 'GARCIA',
  'PERRIN', 'ROBIN', 'CLEMENT', 'MORIN', 'NICOLAS', 'HENRY', 'ROUSSEL', 'MATHIEU', 'GAUTIER', 'MASSON',
  'MARCHAND', 'DUVAL', 'DENIS', 'DUMONT', 'MARIE', 'LEMAIRE', 'NOEL', 'MEYER', 'DUFOUR', 'MEUNIER',
  'BRUN', 'BLANCHARD', 'GIRAUD', 'JOLY', 'RIVIERE', 'LUCAS', 'BRUNET', 'GAILLARD', 'BARBIER', 'ARNAUD',
  'MARTINEZ', 'GERARD', 'ROCHE', 'RENARD', 'SCHMITT', 'ROY', 'LEROUX', 'COLIN', 'VIDAL', 'CARON',
  'PICARD', 'ROGER', 'FABRE', 'AUBERT', 'LEMOINE', 'RENAUD', 'DUMAS', 'LACROIX', 'OLIVIER', 'PHILIPPE',
  'BOURGEOIS', 'PIERRE', 'BENOIT', 'REY', 'LECLERC', 'PAYET', 'ROLLAND', 'LECLERCQ', 'GUILLAUME', 'LECOMTE',
  'LOPEZ', 'JEAN', 'DUPUY', 'GUILLOT', 'HUBERT', 'BERGER', 'CARPENTIER', 'SANCHEZ', 'DUPUIS', 'MOULIN',
  'LOUIS', 'DESCHAMPS', 'HUET', 'VASSEUR', 'PEREZ', 'BOUCHER', 'FLEURY', 'ROYER', 'KLEIN', 'JACQUET',
  'ADAM', 'PARIS', 'POIRIER', 'MARTY', 'AUBRY', 'GUYOT', 'CARRE', 'CHARLES', 'RENAULT', 'CHARPENTIER',
  'MENARD', 'MAILLARD', 'BARON', 'BERTIN', 'BAILLY', 'HERVE', 'SCHNEIDER', 'FERNANDEZ', 'LE GALL', 'COLLET',
  'LEGER', 'BOUVIER', 'JULIEN', 'PREVOST', 'MILLET', 'PERROT', 'DANIEL', 'LE ROUX', 'COUSIN', 'GERMAIN',
  'BRETON', 'BESSON', 'LANGLOIS', 'REMY', 'LE GOFF', 'PELLETIER', 'LEVEQUE', 'PERRIER', 'LEBLANC', 'BARRE',
];

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Anne', 'Christine', 'Valérie', 'Sandrine',
  'Véronique', 'Sophie', 'Céline', 'Stéphanie', 'Nicole', 'Monique', 'Martine', 'Aurélie', 'Julie', 'Camille',
  'Émilie', 'Laura', 'Sarah', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Jeanne', 'Claire',
  'Caroline', 'Virginie', 'Laetitia', 'Audrey', 'Elodie', 'Mélanie', 'Pauline', 'Marion', 'Lucie', 'Charlotte',
  'Alice', 'Juliette', 'Mathilde', 'Clara', 'Anaïs', 'Océane', 'Marine', 'Justine', 'Margaux', 'Hélène',
  'Patricia', 'Brigitte', 'Chantal', 'Dominique', 'Corinne', 'Florence', 'Karine', 'Delphine', 'Séverine', 'Agnès',
  'Laurence', 'Pascale', 'Béatrice', 'Élise', 'Amandine', 'Mélissa', 'Morgane', 'Laure', 'Cécile', 'Anne-Sophie',
  'Marie-Claire', 'Geneviève', 'Jacqueline', 'Josiane', 'Danielle', 'Annie', 'Odile', 'Muriel', 'Myriam', 'Nadia',
  'Fatima', 'Samia', 'Yasmine', 'Leïla', 'Sonia', 'Carole', 'Estelle', 'Fanny', 'Noémie', 'Héloïse',
  'Louise', 'Zoé', 'Jade', 'Lina', 'Rose', 'Agathe', 'Romane', 'Eva', 'Capucine', 'Victoire',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Nicolas', 'Christophe', 'Patrick', 'Daniel', 'Bernard',
  'Éric', 'Laurent', 'Frédéric', 'Stéphane', 'Pascal', 'David', 'Thierry', 'Olivier', 'Sébastien', 'Julien',
  'François', 'Thomas', 'Jérôme', 'Vincent', 'Guillaume', 'Antoine', 'Maxime', 'Alexandre', 'Romain', 'Fabien',
  'Benjamin', 'Mathieu', 'Kévin', 'Florian', 'Anthony', 'Jonathan', 'Adrien', 'Clément', 'Hugo', 'Lucas',
  'Louis', 'Gabriel', 'Arthur', 'Jules', 'Raphaël', 'Léo', 'Paul', 'Théo', 'Nathan', 'Tom',
  'Jacques', 'André', 'Claude', 'Gérard', 'Robert', 'René', 'Serge', 'Marc', 'Didier', 'Dominique',
  'Bruno', 'Yves', 'Denis', 'Gilles', 'Hervé', 'Franck', 'Fabrice', 'Cédric', 'Damien', 'Xavier',
  'Arnaud', 'Yann', 'Loïc', 'Emmanuel', 'Ludovic', 'Grégory', 'Jean-Pierre', 'Jean-Marc', 'Jean-Luc', 'Jean-François',
  'Mohamed', 'Karim', 'Mehdi', 'Youssef', 'Rachid', 'Samir', 'Bastien', 'Quentin', 'Valentin', 'Victor',
  'Martin', 'Simon', 'Baptiste', 'Étienne', 'Rémi', 'Aurélien', 'Benoît', 'Charles', 'Henri', 'Matthieu',
];

/** Street types as addresses write them, with rough weights by repetition (rues dominate). */
export const STREET_TYPES: readonly string[] = [
  'rue', 'rue', 'rue', 'rue', 'rue', 'rue', 'avenue', 'avenue', 'boulevard', 'place',
  'chemin', 'allée', 'impasse', 'route', 'quai', 'cours', 'square', 'passage',
];

export const STREET_NAMES: readonly string[] = [
  'Victor Hugo', 'de la République', 'Jean Jaurès', 'du Général de Gaulle', 'Pasteur', 'de la Gare', 'Gambetta',
  'Jules Ferry', 'de la Liberté', 'de l’Église', 'du Moulin', 'des Écoles', 'de Verdun', 'Carnot', 'Voltaire',
  'Émile Zola', 'Nationale', 'Anatole France', 'de la Paix', 'du Château', 'Jean Moulin', 'de la Mairie',
  'Georges Clemenceau', 'du Stade', 'des Lilas', 'de Paris', 'Foch', 'du 8 Mai 1945', 'du 11 Novembre',
  'des Tilleuls', 'Pierre Curie', 'Marie Curie', 'de la Fontaine', 'des Acacias', 'Louis Pasteur', 'de Lattre de Tassigny',
  'du Maréchal Leclerc', 'Aristide Briand', 'Albert Camus', 'Jean Mermoz', 'de la Poste', 'du Commerce', 'des Roses',
  'Saint-Martin', 'Sainte-Anne', 'Thiers', 'Denis Papin', 'Edouard Herriot', 'des Peupliers', 'du Parc', 'des Vignes',
];
